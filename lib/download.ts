/** A file the browser saves, never cached (downloads hold the signed-in caller's data or are fetched fresh). */
export function attachment(body: BodyInit, filename: string, contentType = "application/x-pem-file"): Response {
  return new Response(body, {
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}

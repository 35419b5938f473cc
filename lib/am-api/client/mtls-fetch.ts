import https from "node:https";

/** The TLS side of a call to the production gateway: the API user's certificate and key, and whom to trust. */
export interface MtlsOptions {
  /** the client certificate (PEM) of a tenant-level API user */
  cert: string | Buffer;
  /** its private key (PEM) */
  key: string | Buffer;
  /** the gateway's CA (PEM), when it is not in the system store (tests, a private deployment) */
  ca?: string | Buffer;
  /** the TLS server name to check, when it differs from the URL's host */
  servername?: string;
  /** the local address to call from (tests: a trusted proxy's address) */
  localAddress?: string;
  /** an https.Agent for keep-alive; default: a new connection per call */
  agent?: https.Agent | false;
}

/**
 * A `fetch` that presents a client certificate (mutual TLS), for openapi-fetch's `fetch` option: Node's global
 * fetch cannot. It sends the Request as is and buffers the answer (the AM API's answers are small JSON).
 */
export function mtlsFetch(o: MtlsOptions): (input: Request) => Promise<Response> {
  return async (input) => {
    const url = new URL(input.url);
    const body = input.body ? Buffer.from(await input.arrayBuffer()) : undefined;
    const headers: Record<string, string> = Object.fromEntries(input.headers);
    if (body) headers["content-length"] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const req = https.request(
        {
          host: url.hostname,
          port: url.port || 443,
          path: url.pathname + url.search,
          method: input.method,
          headers,
          cert: o.cert,
          key: o.key,
          ca: o.ca,
          servername: o.servername,
          localAddress: o.localAddress,
          agent: o.agent ?? false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) for (const x of [v ?? []].flat()) h.append(k, String(x));
            const status = res.statusCode ?? 502;
            const empty = status === 204 || status === 304 || input.method === "HEAD";
            resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers: h }));
          });
        },
      );
      req.on("error", reject);
      input.signal?.addEventListener("abort", () => req.destroy(new Error("The request was aborted.")));
      req.end(body);
    });
  };
}

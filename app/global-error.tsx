"use client";

/** The root layout itself failing: this replaces it, so it brings its own html and body (and no styles). */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", textAlign: "center", marginTop: "6rem" }}>
        <h1>Something went wrong</h1>
        <p>
          The page could not be loaded. Nothing was changed. Try again in a few seconds.
          {error.digest ? ` Reference: ${error.digest}.` : ""}
        </p>
      </body>
    </html>
  );
}

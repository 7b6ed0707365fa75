/** A static file server on 127.0.0.1 for browser tests, with the 404 page a real host would serve. */
import http from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import sirv from "sirv";
import type { AddressInfo } from "node:net";

/** A running server: its base URL and how to stop it. */
export interface StaticServer {
  url: string;
  close: () => Promise<void>;
}

/** Serves `dir` on a free port of 127.0.0.1, under `prefix` ("/archive/") when given, as a host would for a path-prefixed site. */
export async function serveStatic(dir: string, prefix = "/"): Promise<StaticServer> {
  const files = sirv(dir, { dev: true, etag: false });
  const notFound = readFileSync(path.join(dir, "404.html"));
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith(prefix)) req.url = `/${url.slice(prefix.length)}`;
    else req.url = "/no-such-page-outside-the-prefix/";
    files(req, res, () => {
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      res.end(notFound);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

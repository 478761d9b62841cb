/**
 * `E2E_SERVE_DIST=1` (or `=<folder>`, a build made with `vite build --outDir <folder>`): the
 * dashboard read from disk and served in front of the binary. For a binary that does not
 * serve web/dist as it is now (a release build embeds the dist of its compile time; a debug
 * build compiled before web/dist existed serves none), or for a private build on a machine
 * where web/dist is being rebuilt meanwhile. Files are served the way the binary serves them
 * (SPA fallback, its own security headers); API requests and the WebSocket pass through
 * unchanged, Host included, so the server's same-origin checks see the page's origin.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

export interface DistFront {
  url: string;
  close(): Promise<void>;
}

const BACKEND_PATHS = ["/api/", "/healthz", "/readyz", "/metrics", "/webhooks/"];
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".ico": "image/x-icon",
  ".txt": "text/plain",
};
const COPIED = [
  "content-security-policy",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "cross-origin-opener-policy",
  "permissions-policy",
];

export async function startDistFront(backend: string, dist: string): Promise<DistFront> {
  const target = new URL(backend);
  const probe = await fetch(`${backend}/`);
  const security = Object.fromEntries(
    COPIED.flatMap((name) => {
      const value = probe.headers.get(name);
      return value ? [[name, value]] : [];
    }),
  );

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://front").pathname;
    const isPage = (req.method === "GET" || req.method === "HEAD") && !BACKEND_PATHS.some((p) => path.startsWith(p));
    if (isPage) {
      let file = join(dist, normalize(decodeURIComponent(path)));
      if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) file = join(dist, "index.html");
      res.writeHead(200, {
        ...security,
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : readFileSync(file));
      return;
    }
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`dist front: ${err.message}`);
    });
    req.pipe(upstream);
  });

  const tunnels = new Set<{ destroy(): void }>();
  // WebSocket: the upgrade request is replayed verbatim to the server, then the sockets spliced.
  server.on("upgrade", (req, socket, head) => {
    const upstream = connect(Number(target.port), target.hostname, () => {
      upstream.write(`${req.method} ${req.url} HTTP/${req.httpVersion}\r\n${rawHeaders(req.headers)}\r\n`);
      if (head.length) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    tunnels.add(socket).add(upstream);
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });

  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((done) => {
        for (const tunnel of tunnels) tunnel.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function rawHeaders(headers: IncomingHttpHeaders): string {
  return Object.entries(headers)
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v}\r\n`))
    .join("");
}

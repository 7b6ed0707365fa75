/** A real nginx on 127.0.0.1 serving a folder, as the README's deploy example configures it. */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** Where Debian's nginx package puts the server. */
export const NGINX = "/usr/sbin/nginx";

/** Why nginx tests cannot run here, or null when they can. */
export function nginxSkipReason(): string | null {
  return existsSync(NGINX) ? null : `nginx tests skipped: no nginx at ${NGINX} (install it with: apt-get install -y nginx)`;
}

/**
 * Starts nginx with `root <root>;` and the README's redirect map from `<root>/redirects.map` on a
 * free port; returns its URL, how to reload its configuration (and so the map), and how to stop it.
 * (The include is a pattern, which may match nothing, so nginx starts before the first deploy.)
 */
export async function startNginx(root: string): Promise<{ url: string; reload: () => void; stop: () => void }> {
  const dir = await mkdtemp(path.join(tmpdir(), "news-archive-nginx-"));
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  await writeFile(
    path.join(dir, "nginx.conf"),
    `${asRoot ? "user root;\n" : ""}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 256; }
http {
  access_log off;
  keepalive_timeout 0; # a connection per request: after a reload, every request reaches the new workers
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  types { text/html html; text/css css; image/svg+xml svg; application/json json; }
  map $uri $news_archive_redirect { include ${root}/redirects.ma[p]; }
  server {
    listen 127.0.0.1:${port};
    root ${root};
    error_page 404 /404.html;
    if ($news_archive_redirect) { return 301 $news_archive_redirect; }
  }
}
`,
  );
  const test = spawnSync(NGINX, ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf")]);
  if (test.status !== 0) throw new Error(`nginx -t failed:\n${test.stderr.toString()}`);
  const child = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    if (await canConnect(port)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}`, reload: () => child.kill("SIGHUP"), stop: () => child.kill("SIGTERM") };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

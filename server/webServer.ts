/**
 * The hub's web server: HTTP, or HTTPS with the venue's or a self-signed certificate, serving the
 * pages from the build — or, in dev mode, through Vite with hot reload.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server as SocketServer } from 'socket.io';
import { createHttpApp, type HttpHooks } from './httpApp.ts';
import { loadOrCreateCertificate } from './tls.ts';
import { ConfigError } from './options.ts';
import type { Logger } from './log.ts';

/** Ms a closing hub gives its sockets' goodbyes before it cuts the connections still open. */
const CLOSE_GRACE_MS = 2000;

/** What the web server is told. */
export interface WebServerOptions {
  /** Serve HTTPS (`--https`; implied by `--cert`). */
  https?: boolean;
  /** The venue's certificate and key files (else a self-signed one kept in `.dreamscape/`). */
  cert?: string;
  key?: string;
  /** Names the certificate covers beside localhost (the address phones open). */
  publicHost: string;
  /** Mount Vite in middleware mode (hot reload) instead of serving the build (`--dev`). */
  dev?: boolean;
  /** Folder of the Vite build. */
  staticDir: string;
  hooks: HttpHooks;
  log: Logger;
}

/** A web server not yet listening. */
export interface WebServer {
  server: HttpServer;
  scheme: 'http' | 'https';
  /** Closes the dev server, when there is one. */
  closeDev(): Promise<void>;
}

/**
 * Makes the web server (not yet listening).
 * @throws {ConfigError} when the venue's certificate cannot be read (no restart helps).
 */
export async function createWebServer(options: WebServerOptions): Promise<WebServer> {
  const { log, staticDir, hooks } = options;
  let server: HttpServer;
  let scheme: WebServer['scheme'] = 'http';
  if (options.https) {
    const cert = await loadOrCreateCertificate({ dir: '.dreamscape', cert: options.cert, key: options.key, hosts: [options.publicHost, 'localhost', '127.0.0.1'] }).catch((err: Error) => {
      throw options.cert ? new ConfigError(`--cert ${options.cert} / --key ${options.key}: ${err.message}`) : err;
    });
    server = createHttpsServer({ cert: cert.cert, key: cert.key });
    scheme = 'https';
  } else {
    server = createHttpServer();
  }
  let closeDev = async (): Promise<void> => {};
  if (options.dev) {
    const { createServer } = await import('vite');
    const vite = await createServer({ server: { middlewareMode: true, hmr: { server } }, appType: 'mpa' });
    closeDev = () => vite.close();
    server.on('request', createHttpApp({ staticDir, log, hooks, devMiddleware: vite.middlewares }));
  } else {
    server.on('request', createHttpApp({ staticDir, log, hooks }));
  }
  return { server, scheme, closeDev };
}

/**
 * Starts listening. @param port 0 picks a free one.
 * @returns the port it listens on.
 */
export async function listen(server: HttpServer, port: number, host: string): Promise<number> {
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

/** Closes every socket, then the server, giving the sockets' goodbyes a moment to go out. */
export async function closeWebServer(web: WebServer, io: SocketServer): Promise<void> {
  const { server } = web;
  io.disconnectSockets(true);
  const ioClosed = new Promise<void>((done) => io.close(() => done()));
  // socket.io's close ends with the HTTP server's, which waits for every open connection; a
  // browser's request left halfway (a page closed mid-request, a stalled phone) would hold it
  // for minutes. The walls' and phones' goodbyes get 2 s to go out, then what is left is cut.
  const cutoff = setTimeout(() => server.closeAllConnections?.(), CLOSE_GRACE_MS);
  await ioClosed;
  clearTimeout(cutoff);
  server.closeAllConnections?.();
  await web.closeDev();
}

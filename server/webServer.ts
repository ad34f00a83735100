/**
 * The hub's web server: HTTP, or HTTPS with the venue's or a self-signed certificate, serving the
 * pages from the build — or, in dev mode, through Vite with hot reload.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createHttpApp, type HttpHooks } from './httpApp.ts';
import { loadOrCreateCertificate } from './tls.ts';
import { ConfigError } from './options.ts';
import type { Logger } from './log.ts';

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

/**
 * The hub's HTTP side: the three pages, the join QR code, health, the current preset, security
 * headers that work on a plain-HTTP venue LAN. Everything is served locally: no CDN.
 */
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from './log.ts';
import { oscHostInfo, oscQueryNode, oscQueryTree, type OscQueryNode } from './oscQuery.ts';

/** A URL path decoded; a malformed escape is kept as it came (and finds nothing). */
function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
import { PRESET_NAME } from '../core/preset.ts';

/** Short page routes → the built HTML files. */
export const PAGE_ROUTES: Readonly<Record<string, string>> = {
  '/': 'display/index.html',
  '/display': 'display/index.html',
  '/c': 'controller/index.html',
  '/join': 'controller/index.html',
  '/operator': 'controller/operator.html',
};

/** Folders of the build the pages load files from (besides `/assets`). */
const PAGE_FOLDERS = ['display', 'controller'] as const;
/** A file name at the top of the build: letters, digits, "-", "_" and a dot, never leading. */
const TOP_LEVEL_FILE = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,100}$/;

/** What the HTTP side needs from the running hub. */
export interface HttpHooks {
  health(): unknown;
  preset(): unknown;
  /** One preset of the folder by name (its last good version), for the console's preview; undefined when none. */
  presetNamed?(name: string): unknown;
  qrSvg(): Promise<string>;
  /** Where the hub takes OSC (for OSCQuery's HOST_INFO); absent in tools that run no hub. */
  osc?(): { port?: number; host?: string };
}

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  /** Folder of the Vite build (`dist`). */
  staticDir: string;
  log: Logger;
  hooks: HttpHooks;
  /** Vite dev middlewares, when hot-reloading (`--dev`). */
  devMiddleware?: (req: Request, res: Response, next: NextFunction) => void;
  /**
   * Whether a request's remote address is this machine, which gets the detailed `/healthz`
   * (default {@link isLoopbackAddress}; tests pass their own to stand elsewhere).
   */
  isLocal?: (address: string | undefined) => boolean;
}

/** @returns true for 127.0.0.0/8, ::1 and IPv4-mapped loopback: a request from this machine. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

/**
 * What `/healthz` tells a machine other than the hub's own: alive or not, and nothing else (no
 * version, uptime, counts, preset or phase an attacker could use). The details are for the hub's
 * machine (kiosk, supervisor scripts, benches) and for logged-in consoles (the `health` request).
 */
export function livenessOf(full: unknown): { ok: boolean } {
  return { ok: typeof full === 'object' && full !== null && 'ok' in full ? full.ok === true : false };
}

/** Builds the Express app. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  if (!options.devMiddleware) {
    app.use(
      helmet({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            // Tone.js loads its AudioWorklet processors from blob: URLs.
            scriptSrc: ["'self'", 'blob:'],
            styleSrc: ["'self'", "'unsafe-inline'"],
            imgSrc: ["'self'", 'data:', 'blob:'],
            fontSrc: ["'self'", 'data:'],
            connectSrc: ["'self'", 'ws:', 'wss:'],
            mediaSrc: ["'self'", 'blob:', 'data:'],
            workerSrc: ["'self'", 'blob:'],
            objectSrc: ["'none'"],
            baseUri: ["'self'"],
            frameAncestors: ["'self'"],
            formAction: ["'self'"],
          },
        },
        // A venue LAN is plain HTTP: never pin HTTPS or isolate origins the phones cannot reach.
        strictTransportSecurity: false,
        crossOriginOpenerPolicy: false,
        originAgentCluster: false,
      }),
    );
  }

  const isLocal = options.isLocal ?? isLoopbackAddress;
  app.get('/healthz', (req, res) => {
    // The kiosk's start page polls this from file:// (public/offline.html) before the hub is up.
    const full = options.hooks.health();
    res.set({ 'Cache-Control': 'no-store', 'Cross-Origin-Resource-Policy': 'cross-origin' }).json(isLocal(req.socket.remoteAddress) ? full : livenessOf(full));
  });
  app.get('/api/preset', (req, res) => {
    const name = req.query.name;
    if (name === undefined) {
      res.set('Cache-Control', 'no-store').json(options.hooks.preset());
      return;
    }
    // Only a preset name reaches the store; anything else (arrays, paths, junk) is a plain 404.
    const preset = typeof name === 'string' && PRESET_NAME.test(name) ? options.hooks.presetNamed?.(name) : undefined;
    if (preset === undefined) {
      res.status(404).set('Cache-Control', 'no-store').json({ error: 'no such preset' });
      return;
    }
    res.set('Cache-Control', 'no-store').json(preset);
  });
  // The OSC address space for controllers to discover (OSCQuery): read-only, GET only.
  const oscTree = oscQueryTree();
  app.use('/oscquery', (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', 'GET, HEAD').status(405).json({ error: 'the OSC address list is read-only: GET it' });
      return;
    }
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
    res.set({ 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
    if (query === 'HOST_INFO') {
      res.json(oscHostInfo(options.hooks.osc?.() ?? {}));
      return;
    }
    const node = oscQueryNode(oscTree, decodeURIComponentSafe(req.path));
    if (!node) {
      res.status(404).json({ error: `no OSC address ${req.path.slice(0, 100)}` });
      return;
    }
    if (query === '') {
      res.json(node);
      return;
    }
    // One attribute (`?TYPE`, `?RANGE`…), as OSCQuery allows; an unknown one is "no content".
    const attribute = (Object.keys(node) as (keyof OscQueryNode)[]).find((k) => k === query);
    if (attribute === undefined) {
      res.status(204).end();
      return;
    }
    res.json({ [attribute]: node[attribute] });
  });
  app.get('/qr.svg', async (_req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store').type('image/svg+xml').send(await options.hooks.qrSvg());
    } catch (err) {
      next(err);
    }
  });

  if (options.devMiddleware) {
    const dev = options.devMiddleware;
    app.use((req, res, next) => {
      const page = PAGE_ROUTES[req.path];
      // Redirect rather than rewrite, so the page's relative module paths resolve under Vite.
      if (page) return res.redirect(302, `/${page}${req.url.slice(req.path.length)}`);
      dev(req, res, next);
    });
  } else {
    const root = resolve(options.staticDir);
    for (const [route, file] of Object.entries(PAGE_ROUTES)) {
      app.get(route, (_req, res) => {
        const path = join(root, file);
        if (!existsSync(path)) {
          res.status(503).type('text/plain').send('The Dreamscape pages are not built yet: run `npm run build` (npm start does it for you).');
          return;
        }
        res.set('Cache-Control', 'no-cache').sendFile(path);
      });
    }
    app.use('/assets', express.static(join(root, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
    // Only the pages' own files: the build folder also holds the hub's bundle and its source map
    // (dist/server/), which are nobody's business on the venue Wi-Fi.
    for (const folder of PAGE_FOLDERS) app.use(`/${folder}`, express.static(join(root, folder), { index: false, maxAge: '1h', dotfiles: 'ignore' }));
    app.get('/:file', (req, res, next) => {
      const file = req.params.file;
      // Top-level files copied from public/ (offline.html, offline.js), never a source map.
      if (typeof file !== 'string' || !TOP_LEVEL_FILE.test(file) || file.endsWith('.map')) return next();
      res.sendFile(join(root, file), { maxAge: '1h', dotfiles: 'deny' }, (err) => {
        if (err && !res.headersSent) next();
      });
    });
  }

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found. The display is at /, phones join at /c, the console is at /operator.');
  });
  app.use((err: Error & { status?: number; statusCode?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status ?? err.statusCode ?? 500;
    if (status >= 500) options.log.error({ err: err.message }, 'http error');
    res.status(status).type('text/plain').send(status === 404 ? 'Not found.' : 'Something went wrong; the show goes on.');
  });
  return app;
}

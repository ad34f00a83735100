/**
 * The certificate behind `--https`. Browsers only grant tilt (DeviceOrientation) and the screen wake
 * lock to secure pages, so a venue that wants them runs the hub over TLS. Without `--cert/--key`, a
 * self-signed certificate is made on first start and kept, so phones that accepted it once keep
 * trusting it on every later night.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** Where the generated certificate and key live inside `dir`. */
export const CERT_FILE = 'dreamscape-cert.pem';
export const KEY_FILE = 'dreamscape-key.pem';

/** Days a generated certificate stays valid (a touring season; regenerate by deleting the files). */
export const CERT_DAYS = 825;

/** Options for {@link loadOrCreateCertificate}. */
export interface CertificateOptions {
  /** Folder that keeps the generated certificate (created if missing). */
  dir: string;
  /** Path of a PEM certificate to use instead (`--cert`); needs `key` too. */
  cert?: string;
  /** Path of the PEM private key for `cert` (`--key`). */
  key?: string;
  /** Host names and IP addresses phones will use to reach the hub (LAN address, `localhost`, …). */
  hosts: string[];
}

/** A PEM certificate and key for `https.createServer`. */
export interface Certificate {
  cert: string;
  key: string;
  /** True when this call made a new self-signed certificate. */
  generated: boolean;
}

/**
 * Reads the given certificate, or the one generated before, or generates and stores a new one.
 * @throws when only one of `cert`/`key` is given, or a given file cannot be read.
 */
export async function loadOrCreateCertificate(options: CertificateOptions): Promise<Certificate> {
  if (options.cert !== undefined || options.key !== undefined) {
    if (options.cert === undefined || options.key === undefined) {
      throw new Error('--cert and --key go together: give both paths, or neither for a self-signed certificate');
    }
    const [cert, key] = await Promise.all([readFile(options.cert, 'utf8'), readFile(options.key, 'utf8')]);
    return { cert, key, generated: false };
  }
  const certPath = join(options.dir, CERT_FILE);
  const keyPath = join(options.dir, KEY_FILE);
  const stored = await readPair(certPath, keyPath);
  if (stored) return { ...stored, generated: false };

  const hosts = options.hosts.length > 0 ? options.hosts : ['localhost'];
  const altNames = hosts.map((host) => (isIP(host) ? { type: 7 as const, ip: host } : { type: 2 as const, value: host }));
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: hosts[0] }, { name: 'organizationName', value: 'Dreamscape' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + CERT_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  await mkdir(options.dir, { recursive: true });
  // The key is private to the machine's user: 0600.
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  await writeFile(certPath, pems.cert);
  return { cert: pems.cert, key: pems.private, generated: true };
}

async function readPair(certPath: string, keyPath: string): Promise<{ cert: string; key: string } | null> {
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    if (cert.includes('BEGIN CERTIFICATE') && key.includes('PRIVATE KEY')) return { cert, key };
    return null;
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return null;
    throw err;
  }
}

import { describe, it, expect } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createServer, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CERT_FILE, KEY_FILE, loadOrCreateCertificate } from '../../server/tls.ts';

describe('loadOrCreateCertificate', () => {
  it('generates once, stores the pair, and reuses it on later starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dreamscape-tls-'));
    try {
      const first = await loadOrCreateCertificate({ dir, hosts: ['192.168.1.20', 'localhost'] });
      expect(first.generated).toBe(true);
      const x509 = new X509Certificate(first.cert);
      expect(x509.subjectAltName).toContain('IP Address:192.168.1.20');
      expect(x509.subjectAltName).toContain('DNS:localhost');
      expect(x509.checkPrivateKey(createPrivateKey(first.key))).toBe(true);
      expect(new Date(x509.validTo).getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
      expect((await stat(join(dir, KEY_FILE))).mode & 0o077).toBe(0);

      const second = await loadOrCreateCertificate({ dir, hosts: ['10.0.0.5'] });
      expect(second.generated).toBe(false);
      expect(second.cert).toBe(first.cert);
      expect(second.key).toBe(first.key);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves TLS with the generated pair', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dreamscape-tls-'));
    const { cert, key } = await loadOrCreateCertificate({ dir, hosts: ['127.0.0.1'] });
    const server = createServer({ cert, key }, (_req, res) => res.end('dream'));
    try {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const body = await new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: address.port, path: '/', ca: cert }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.end();
      });
      expect(body).toBe('dream');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads given --cert/--key files instead of generating', async () => {
    const source = await mkdtemp(join(tmpdir(), 'dreamscape-tls-src-'));
    const dir = await mkdtemp(join(tmpdir(), 'dreamscape-tls-'));
    try {
      const made = await loadOrCreateCertificate({ dir: source, hosts: ['localhost'] });
      const certPath = join(source, CERT_FILE);
      const keyPath = join(source, KEY_FILE);
      const given = await loadOrCreateCertificate({ dir, cert: certPath, key: keyPath, hosts: ['localhost'] });
      expect(given).toEqual({ cert: made.cert, key: made.key, generated: false });
      await expect(stat(join(dir, CERT_FILE))).rejects.toThrow();
      await expect(loadOrCreateCertificate({ dir, cert: certPath, hosts: [] })).rejects.toThrow(/--cert and --key/);
      await expect(loadOrCreateCertificate({ dir, cert: join(source, 'missing.pem'), key: keyPath, hosts: [] })).rejects.toThrow();
    } finally {
      await rm(source, { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('replaces a damaged stored pair with a fresh one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dreamscape-tls-'));
    try {
      await writeFile(join(dir, CERT_FILE), 'not a certificate');
      await writeFile(join(dir, KEY_FILE), 'not a key');
      const made = await loadOrCreateCertificate({ dir, hosts: ['localhost'] });
      expect(made.generated).toBe(true);
      expect(await readFile(join(dir, CERT_FILE), 'utf8')).toBe(made.cert);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

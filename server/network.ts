/**
 * How phones reach the hub: the machine's LAN address and the URLs printed and shown as QR codes.
 */
import { networkInterfaces } from 'node:os';
import QRCode from 'qrcode';

/**
 * The first non-internal IPv4 address (the venue Wi-Fi/Ethernet), else `localhost`.
 * Private ranges are preferred over others because phones join over the local network.
 */
export function lanAddress(): string {
  const candidates: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) candidates.push(a.address);
  }
  const priv = candidates.find((a) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a));
  return priv ?? candidates[0] ?? 'localhost';
}

/** The QR code of a URL as an SVG document (light on dark, quiet zone included). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#0b1026', light: '#f5e6ff' } });
}

/** The QR code of a URL drawn with block characters for a terminal. */
export function qrTerminal(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'utf8', margin: 2, errorCorrectionLevel: 'L' });
}

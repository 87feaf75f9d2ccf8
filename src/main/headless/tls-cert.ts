// The console's HTTPS certificate: the operator's own (cert + key files), or a self-signed
// one generated once into the data dir (console-cert.pem / console-key.pem, 0600) and reused,
// so its SHA-256 fingerprint stays the same and a viewer can check it once.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { CodedError, type PlainCodes } from '../../shared/coded-error';
import { writeAtomic } from '../store/atomic-file';

export interface ConsoleCertificate {
  cert: string;
  key: string;
  /** SHA-256 of the DER certificate, colon-separated upper-case hex. */
  fingerprint: string;
  source: 'operator' | 'self-signed';
}

export class CertificateError extends CodedError<PlainCodes<'unreadable' | 'invalid'>> {
  constructor(code: 'unreadable' | 'invalid', message: string) {
    super(code, message, {});
  }
}

const CERT_FILE = 'console-cert.pem';
const KEY_FILE = 'console-key.pem';

export async function loadConsoleCertificate(o: {
  dataDir: string;
  certFile?: string;
  keyFile?: string;
  /** Names and addresses the self-signed certificate is made for (the listen address, ...). */
  names?: readonly string[];
}): Promise<ConsoleCertificate> {
  if (o.certFile || o.keyFile) {
    if (!o.certFile || !o.keyFile)
      throw new CertificateError('invalid', 'give both a certificate and a key file');
    const [cert, key] = await Promise.all([read(o.certFile), read(o.keyFile)]);
    return { cert, key, fingerprint: fingerprintOf(cert), source: 'operator' };
  }
  const certPath = join(o.dataDir, CERT_FILE);
  const keyPath = join(o.dataDir, KEY_FILE);
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    const x = new X509Certificate(cert);
    if (new Date(x.validTo).getTime() > Date.now() + 86_400_000) {
      return { cert, key, fingerprint: fingerprintOf(cert), source: 'self-signed' };
    }
  } catch {
    // None yet, or unusable (unreadable, not PEM): a new one replaces it below.
  }
  const names = [...new Set(['localhost', hostname(), ...(o.names ?? [])])];
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: 'camrelay console' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 825 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map((n) =>
          /^[\d.]+$|:/.test(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n },
        ),
      },
    ],
  });
  await writeAtomic(keyPath, pems.private, 0o600);
  await writeAtomic(certPath, pems.cert, 0o600);
  return { cert: pems.cert, key: pems.private, fingerprint: fingerprintOf(pems.cert), source: 'self-signed' };
}

async function read(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new CertificateError('unreadable', `cannot read ${path}: ${(err as Error).message}`);
  }
}

export function fingerprintOf(certPem: string): string {
  try {
    return new X509Certificate(certPem).fingerprint256;
  } catch (err) {
    throw new CertificateError('invalid', `not a PEM certificate: ${(err as Error).message}`);
  }
}

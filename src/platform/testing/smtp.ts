import net from 'node:net';
import { SMTPServer } from 'smtp-server';

/** Test helpers: a real SMTP server (the smtp-server package) in the test process, and readers of what arrived. */

/** A real SMTP server in the test process, collecting what arrives. */
export interface Received {
  from: string;
  to: string[];
  raw: string;
}

export async function startSmtp(port = 0): Promise<{ server: SMTPServer; port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as net.AddressInfo;
  return { server, port: address.port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A port nothing listens on (taken from the OS and released). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The text body of a raw message, quoted-printable decoded (Swedish letters arrive encoded). */
export function textOf(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  if (!/content-transfer-encoding: quoted-printable/i.test(raw)) return body;
  return Buffer.from(
    body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

/** The Subject header: unfolded, its encoded words (=?UTF-8?Q?…?= or ?B?) decoded and joined. */
export const subjectOf = (raw: string) => {
  const headers = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const value = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?([QB])\?(.*?)\?=/gi, (_x, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
};

/** The attachments of a raw multipart message: file name, content type and the decoded bytes (base64 parts). */
export function attachmentsOf(raw: string): { filename: string; contentType: string; content: Buffer }[] {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) return [];
  return raw
    .split(`--${boundary}`)
    .slice(1)
    .flatMap((part) => {
      const split = part.indexOf('\r\n\r\n');
      const headers = part.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
      const filename = /filename="?([^";\r\n]+)"?/i.exec(headers)?.[1];
      if (!filename || !/content-disposition: attachment/i.test(headers)) return [];
      const contentType = /content-type: ([^;\r\n]+)/i.exec(headers)?.[1] ?? '';
      return [{ filename, contentType, content: Buffer.from(part.slice(split + 4).replace(/\s+/g, ''), 'base64') }];
    });
}

import net from 'node:net';

/** One HTTP/1.1 response as it came off the wire. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An HTTP/1.1 request as bytes: `body` sent with its Content-Length unless `headers` say otherwise. */
export function rawRequest(method: string, target: string, headers: Record<string, string> = {}, body: string | Buffer = ''): Buffer {
  const all = { host: 'gateway', ...(body.length > 0 && !headers['transfer-encoding'] ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers };
  const head = `${method} ${target} HTTP/1.1\r\n${Object.entries(all).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head), Buffer.isBuffer(body) ? body : Buffer.from(body)]);
}

/** A body sent in chunks of `size` bytes (Transfer-Encoding: chunked), so that no length is declared. */
export function chunked(body: Buffer, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let start = 0; start < body.length; start += size) {
    const chunk = body.subarray(start, start + size);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

/**
 * Writes `requests` on one connection, back to back (pipelined), and resolves with the responses read
 * before the server closed the connection or `expected` responses arrived.
 */
export function exchange(url: string, requests: Buffer[], expected: number): Promise<{ responses: RawResponse[]; closedByServer: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    const responses: RawResponse[] = [];
    const done = (closedByServer: boolean) => {
      socket.destroy();
      resolve({ responses, closedByServer });
    };
    socket.on('connect', () => socket.write(Buffer.concat(requests)));
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      for (let parsed = parseResponse(received); parsed; parsed = parseResponse(received)) {
        responses.push(parsed.response);
        received = received.subarray(parsed.length);
      }
      if (responses.length >= expected) done(false);
    });
    socket.on('end', () => done(true));
    // A reset after the answers were read is the server closing too; before, the test sees too few.
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? done(true) : reject(error)));
  });
}

function parseResponse(buffer: Buffer): { response: RawResponse; length: number } | null {
  const headEnd = buffer.indexOf('\r\n\r\n');
  if (headEnd === -1) return null;
  const [statusLine, ...lines] = buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  const status = Number(statusLine!.split(' ')[1]);
  let offset = headEnd + 4;
  if (headers['transfer-encoding'] === 'chunked') {
    const chunks: Buffer[] = [];
    for (;;) {
      const lineEnd = buffer.indexOf('\r\n', offset);
      if (lineEnd === -1) return null;
      const size = parseInt(buffer.subarray(offset, lineEnd).toString('latin1'), 16);
      if (buffer.length < lineEnd + 2 + size + 2) return null;
      chunks.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      offset = lineEnd + 2 + size + 2;
      if (size === 0) return { response: { status, headers, body: Buffer.concat(chunks).toString('utf8') }, length: offset };
    }
  }
  const length = Number(headers['content-length'] ?? 0);
  if (buffer.length < offset + length) return null;
  return { response: { status, headers, body: buffer.subarray(offset, offset + length).toString('utf8') }, length: offset + length };
}

import net from 'node:net';
import { freePort } from './redis.js';

/**
 * A TCP proxy on a loopback port in front of a database, which a test turns bad and good again:
 * `hold` keeps every answer back, `cut` drops the open connections, `refuse` stops accepting
 * (connections are refused), `heal` undoes all of it and passes on what was held.
 */
export interface FaultProxy {
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  hold(): void;
  cut(): void;
  refuse(): Promise<void>;
  heal(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (host:port), passing everything through until told otherwise. */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const port = await freePort();
  const open = new Set<net.Socket>();
  let holding = false;
  const held: Array<() => void> = [];
  let server: net.Server | null = null;

  const accept = (client: net.Socket) => {
    const upstream = net.connect(target.port, target.host);
    open.add(client).add(upstream);
    const forget = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', forget).on('error', forget);
    upstream.on('close', forget).on('error', forget);
    client.on('data', (chunk) => upstream.write(chunk));
    const pass = (chunk: Buffer) => void (client.destroyed || client.write(chunk));
    upstream.on('data', (chunk: Buffer) => (holding ? held.push(() => pass(chunk)) : pass(chunk)));
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer(accept);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const cut = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  // Closing waits for the open connections, so they are cut first.
  const stopListening = async () => {
    const closing = server && new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    cut();
    await closing;
  };

  await listen();
  return {
    port,
    via(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    hold() {
      holding = true;
    },
    cut,
    refuse: stopListening,
    async heal() {
      holding = false;
      // In the order they came: each connection's answers keep theirs.
      for (const release of held.splice(0)) release();
      if (!server) await listen();
    },
    close: stopListening,
  };
}

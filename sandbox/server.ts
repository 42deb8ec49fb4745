import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createClock, type Clock } from './domain/clock';
import { createState, type SandboxState } from './domain/state';
import { createApp } from './http/app';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  /** 127.0.0.1 unless told otherwise: the sandbox is a local tool. */
  host?: string;
  clock?: Clock;
}

export interface RunningSandbox {
  url: string;
  port: number;
  state: SandboxState;
  close(): Promise<void>;
}

/** Starts the sandbox on a real port; resolves once it listens. */
export function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const state = createState(options.clock ?? createClock());
  const app = createApp(state);
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, (info: AddressInfo) => {
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        port: info.port,
        state,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.on('error', reject);
  });
}

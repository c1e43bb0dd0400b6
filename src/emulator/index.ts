// Entry point of the local Graph API emulator: startEmulator for tests, runEmulatorServer for the CLI.
import type { AddressInfo } from 'node:net';
import { handleControl } from './control.js';
import { createEmulatorHandle } from './emulator.js';
import { FaultQueue } from './faults.js';
import { createRouter } from './router.js';
import { createEmulatorServer, type ServerCore } from './server.js';
import { EmulatorState } from './state.js';
import { enableUsage } from './usage.js';
import type { Emulator, EmulatorOptions } from './types.js';

export type * from './types.js';
export { appSecretProof } from './auth.js';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = new EmulatorState(options);
  enableUsage(state, options.usage);
  const faults = new FaultQueue();
  let handle: Emulator | undefined;
  const core: ServerCore = {
    state, faults, requests: [], latencyMs: Math.max(0, options.latencyMs ?? 0), usageHeaders: null,
    clockSkewSeconds: 0, timers: new Set(), route: createRouter(faults),
    control: (method, url, body) => handleControl(handle!, method, url, body),
  };
  const server = createEmulatorServer(core);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  handle = createEmulatorHandle(core, server, port);
  return handle;
}

/** Starts the emulator and tells a person how to point fbtok at it. */
export async function runEmulatorServer(opts: EmulatorOptions, out: (line: string) => void): Promise<Emulator> {
  const emu = await startEmulator(opts);
  out(`fbtok Graph API emulator listening on ${emu.url}`);
  out('Point fbtok at it (this is a fake local app, so its secret is printed on purpose):');
  out(`export FBTOK_GRAPH_URL=${emu.url}`);
  out(`export FBTOK_WWW_URL=${emu.url}`);
  out(`export FBTOK_APP_ID=${emu.appId}`);
  out(`export FBTOK_APP_SECRET=${emu.appSecret}`);
  out(`export FBTOK_CLIENT_TOKEN=${emu.clientToken}`);
  out(`User: ${emu.user.name} (${emu.user.id}); ${emu.pages.length} Pages; control API under ${emu.url}/__emulator/`);
  return emu;
}

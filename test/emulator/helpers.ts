// Small HTTP helpers for emulator tests: real requests over loopback with global fetch.
import { createHash, randomBytes } from 'node:crypto';
import type { Emulator } from '../../src/emulator/index.js';

export interface JsonResponse<T = any> { status: number; headers: Headers; json: T; text: string }

async function toJson<T>(res: Response): Promise<JsonResponse<T>> {
  const text = await res.text();
  let json: any;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, json, text };
}

export function urlFor(emu: Emulator, path: string, query: Record<string, string> = {}): string {
  const qs = new URLSearchParams(query).toString();
  return `${emu.url}${path}${qs ? `?${qs}` : ''}`;
}

export async function get<T = any>(emu: Emulator, path: string, query: Record<string, string> = {}): Promise<JsonResponse<T>> {
  return toJson<T>(await fetch(urlFor(emu, path, query)));
}

export async function getUrl<T = any>(url: string): Promise<JsonResponse<T>> {
  return toJson<T>(await fetch(url));
}

export async function post<T = any>(emu: Emulator, path: string, form: Record<string, string> = {}, method = 'POST'): Promise<JsonResponse<T>> {
  return toJson<T>(await fetch(urlFor(emu, path), { method, body: new URLSearchParams(form) }));
}

export async function del<T = any>(emu: Emulator, path: string, query: Record<string, string>): Promise<JsonResponse<T>> {
  return toJson<T>(await fetch(urlFor(emu, path, query), { method: 'DELETE' }));
}

export async function control<T = any>(emu: Emulator, method: string, name: string, body?: unknown): Promise<JsonResponse<T>> {
  const init: RequestInit = { method };
  if (body !== undefined) { init.body = JSON.stringify(body); init.headers = { 'content-type': 'application/json' }; }
  return toJson<T>(await fetch(`${emu.url}/__emulator/${name}`, init));
}

export const appToken = (emu: Emulator) => `${emu.appId}|${emu.appSecret}`;
export const clientToken = (emu: Emulator) => `${emu.appId}|${emu.clientToken}`;

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Runs the login dialog in 'auto' mode and returns the redirect Location. */
export async function dialog(emu: Emulator, query: Record<string, string>): Promise<{ status: number; location: URL | null; text: string }> {
  const res = await fetch(urlFor(emu, '/v26.0/dialog/oauth', { client_id: emu.appId, response_type: 'code', ...query }), { redirect: 'manual' });
  const location = res.headers.get('location');
  return { status: res.status, location: location ? new URL(location) : null, text: await res.text() };
}

export const REDIRECT = 'http://127.0.0.1:8765/callback';

export async function loginCode(emu: Emulator, query: Record<string, string> = {}): Promise<string> {
  const { location } = await dialog(emu, { redirect_uri: REDIRECT, state: 's1', ...query });
  const code = location?.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

export async function debug(emu: Emulator, input: string): Promise<any> {
  const res = await get(emu, '/v26.0/debug_token', { input_token: input, access_token: appToken(emu) });
  if (res.status !== 200) throw new Error(`debug_token failed: ${res.text}`);
  return res.json.data;
}

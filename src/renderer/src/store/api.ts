// The contract object, set once at start. Components call commands through `api()`.
import type { CamrelayApi } from '../../../shared/api';

let current: CamrelayApi | undefined;

export function setApi(api: CamrelayApi): void {
  current = api;
}

export function api(): CamrelayApi {
  if (!current) throw new Error('camrelay API used before start');
  return current;
}

import type { CamrelayApi } from '../shared/api';

declare global {
  interface Window {
    camrelay?: CamrelayApi;
  }
}

import { version as appVersion } from '../../package.json';

/** TensorFlow.js version the worker bundles (package.json pins every @tensorflow package to it; a test checks). */
export const TFJS_VERSION = '4.22.0';
export const APP_VERSION: string = appVersion;

export interface RunVersions {
  app: string;
  tfjs: string;
  [other: string]: string;
}

export function currentVersions(): RunVersions {
  return { app: APP_VERSION, tfjs: TFJS_VERSION };
}

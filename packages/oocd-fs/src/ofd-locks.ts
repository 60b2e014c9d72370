import type { FsNativeExtensions } from 'fs-native-extensions';

let loading: Promise<FsNativeExtensions> | undefined;

/**
 * The OFD-lock functions of `fs-native-extensions`, loaded on first use: resolving and loading its
 * native addon costs tens of milliseconds, which a read-only command (`authstate oocd get`) never
 * needs to pay, since reads take no lock.
 */
export function ofdLocks(): Promise<FsNativeExtensions> {
  loading ??= import('fs-native-extensions').then((m) => m.default);
  return loading;
}

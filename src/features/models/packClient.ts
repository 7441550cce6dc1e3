// Main-thread side of model packs: calls the worker and downloads the built pack (the worker has no document).
import { useAppStore } from '../../state/store';
import { trainer } from '../../worker/client';
import type { PackStatus } from '../../worker/packHandlers';
import { refreshModels } from './modelsClient';
import { downloadBlob } from '../runs/downloads';

export const readPackStatus = (): Promise<PackStatus> => trainer().packStatus();

export async function importPack(files: File[]): Promise<PackStatus> {
  try {
    return await trainer().importPack(files);
  } finally {
    await refreshModels();
  }
}

export async function buildPack(): Promise<PackStatus> {
  try {
    return await trainer().buildPack(useAppStore.getState().config);
  } finally {
    await refreshModels();
  }
}

export function cancelPackBuild(): void {
  void trainer().cancelPackBuild();
}

export async function downloadPack(): Promise<void> {
  const file = await trainer().exportPack();
  downloadBlob(file.name, file.blob);
}

export const evaluateInstalledPack = () => trainer().evaluateInstalledPack(useAppStore.getState().config);

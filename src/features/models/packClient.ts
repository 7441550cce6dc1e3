// Main-thread side of model packs: calls the worker and downloads the built pack (the worker has no document).
import { useAppStore } from '../../state/store';
import { trainer } from '../../worker/client';
import type { PackStatus } from '../../worker/packHandlers';
import { refreshModels } from './modelsClient';

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
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const evaluateInstalledPack = () => trainer().evaluateInstalledPack(useAppStore.getState().config);

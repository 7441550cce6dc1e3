export function resolveChromium(): string | undefined;

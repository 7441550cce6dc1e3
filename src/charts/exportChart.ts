/** PNG / SVG export of one chart node (never the whole page: cross-origin images would taint the canvas). */

function download(href: string, filename: string): void {
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = filename;
  anchor.rel = 'noopener';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
}

export function safeFilename(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'chart'
  );
}

export async function exportPng(node: HTMLElement, filename: string): Promise<void> {
  // Loaded on demand: html-to-image is only needed when someone exports.
  const { toPng } = await import('html-to-image');
  // Title, plot and legend, without the chart's own controls.
  const dataUrl = await toPng(node, {
    backgroundColor: '#ffffff',
    pixelRatio: 2,
    filter: (child) => !(child instanceof HTMLElement && child.dataset.exportSkip !== undefined),
  });
  download(dataUrl, `${filename}.png`);
}

/** Serialises the chart's own <svg> with explicit namespaces and a white background. */
export function exportSvg(node: HTMLElement, filename: string): void {
  const svg = node.querySelector('svg');
  if (!svg) throw new Error('This chart has nothing drawn yet.');
  const clone = svg.cloneNode(true) as SVGSVGElement;
  // The page's CSS variables (var(--line) …) mean nothing in a standalone file: write their values in.
  const root = getComputedStyle(document.documentElement);
  for (const element of [clone, ...clone.querySelectorAll('*')]) {
    for (const attribute of [...element.attributes]) {
      if (attribute.value.includes('var(--')) {
        attribute.value = attribute.value.replace(/var\((--[\w-]+)\)/g, (_, name: string) => root.getPropertyValue(name).trim() || '#000');
      }
    }
  }
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  clone.setAttribute('style', 'background:#ffffff;font-family:system-ui,sans-serif');
  const text = new XMLSerializer().serializeToString(clone);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
  download(url, `${filename}.svg`);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

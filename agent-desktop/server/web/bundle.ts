import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { NextFunction, Request, Response } from 'express';

const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../web');

export interface WebAsset {
  body: Buffer;
  type: string;
}

/**
 * The browser app, bundled in memory by esbuild when the server starts (≈ 0.3 s): no build step
 * to forget, no stale `dist/` — the desktop that runs is always the desktop in the checkout.
 * Asset names carry a content hash so browsers may cache them for good.
 */
export async function bundleWebApp(options: { minify?: boolean } = {}): Promise<Map<string, WebAsset>> {
  const result = await esbuild.build({
    entryPoints: { app: join(WEB_ROOT, 'src/main.tsx') },
    bundle: true,
    write: false,
    outdir: '/assets',
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    sourcemap: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const assets = new Map<string, WebAsset>();
  const names: Record<string, string> = {};
  for (const file of result.outputFiles) {
    const ext = file.path.endsWith('.css') ? 'css' : 'js';
    const hash = createHash('sha256').update(file.contents).digest('hex').slice(0, 12);
    const name = `/assets/app.${hash}.${ext}`;
    names[ext] = name;
    assets.set(name, {
      body: Buffer.from(file.contents),
      type: ext === 'css' ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
    });
  }
  const template = await readFile(join(WEB_ROOT, 'index.html'), 'utf8');
  const page = template.replace('%APP_JS%', names.js ?? '').replace('%APP_CSS%', names.css ?? '');
  assets.set('/', { body: Buffer.from(page), type: 'text/html; charset=utf-8' });
  return assets;
}

/** Serves the bundled app: hashed assets forever, the page itself never cached. */
export function serveWebApp(assets: Map<string, WebAsset>) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const asset = assets.get(req.path === '/index.html' ? '/' : req.path);
    if (!asset) return next();
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Cache-Control', req.path === '/' ? 'no-store' : 'public, max-age=31536000, immutable');
    res.end(asset.body);
  };
}

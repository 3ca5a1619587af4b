// Whether the server bundle in `bundleDir` (see build-server.mjs) was built from the sources as they are now.
// bin/bista.js asks before every start, so this stays small: it stats the ~150 files the bundle was built from
// and reads only those whose time changed (a checkout or a copy touches files without changing them).
import crypto from 'node:crypto';
import fs from 'node:fs';

/**
 * @param {URL} root the project's folder (ends with '/')
 * @param {URL} bundleDir the bundle's folder (ends with '/')
 * @returns {boolean}
 */
export function bundleIsCurrent(root, bundleDir) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(new URL('manifest.json', bundleDir), 'utf8'));
  } catch {
    return false;
  }
  const inputs = Object.entries(manifest?.inputs ?? {});
  if (inputs.length === 0) return false;
  for (const [file, built] of inputs) {
    const source = new URL(file, root);
    let stat;
    try {
      stat = fs.statSync(source);
    } catch {
      return false;
    }
    if (stat.size !== built.size) return false;
    if (stat.mtimeMs === built.mtimeMs) continue;
    if (crypto.createHash('sha1').update(fs.readFileSync(source)).digest('hex') !== built.sha1) return false;
  }
  return true;
}

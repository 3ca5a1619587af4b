import type { Config } from '../../platform/config.ts';
import type { BackupFiles } from '../../platform/db/backup.ts';
import { mediaStoreFor } from './store.ts';

/** The media bytes, for `bista backup` / `bista restore`: every file a media row refers to. */
export function mediaBackupFiles(config: Config): BackupFiles {
  const store = mediaStoreFor(config);
  return {
    keysSql: `SELECT storage_key AS key FROM media UNION SELECT thumbnail_key FROM media WHERE thumbnail_key IS NOT NULL`,
    async get(key) {
      const found = await store.get(key);
      if (!found) return null;
      const chunks: Buffer[] = [];
      for await (const chunk of found.stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    async put(key, data) {
      await store.put(key, data);
    },
  };
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/db.ts';
import { testConfig } from '../../platform/config.ts';
import { systemCtx } from '../../platform/context.ts';
import { backup, restore } from '../../platform/db/backup.ts';
import { swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { createLogger } from '../../platform/logger.ts';
import { article } from '../schema.ts';
import { mediaBackupFiles } from './backup-files.ts';
import { storeMedia } from './store-media.ts';
import { mediaStoreFor } from './store.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-media-backup-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('backups include the media files', () => {
  it('an image and its thumbnail come back with the database after a restore into a new data directory', async () => {
    const source = await freshDatabase();
    const target = await freshDatabase();
    try {
      const sourceConfig = testConfig({ dataDir: tmp() });
      const ctx = systemCtx({ db: source.db, database: source, config: sourceConfig, log: createLogger('silent') });
      const [a] = await source.db
        .insert(article)
        .values({
          articleNumber: 'BK-1',
          name: 'Rollator Åsa',
          sortKey: swedishSortKey('Rollator Åsa'),
          articleType: 'H',
          chargingForm: 'rent',
          stockForm: 'stock',
        })
        .returning({ id: article.id });
      const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#2a6' } })
        .png()
        .toBuffer();
      const { media } = await storeMedia(ctx, { articleId: a!.id, kind: 'image', title: 'Bild', data: png });

      const file = path.join(tmp(), 'b.gz');
      const b = await backup(source, file, mediaBackupFiles(sourceConfig));
      expect(b.files).toBe(2);

      const targetConfig = testConfig({ dataDir: tmp() });
      const r = await restore(target, file, mediaBackupFiles(targetConfig));
      expect(r.files).toBe(2);
      const [row] = await target.query<{ storage_key: string; thumbnail_key: string }>('SELECT storage_key, thumbnail_key FROM media WHERE id = $1', [
        media.id,
      ]);
      const store = mediaStoreFor(targetConfig);
      expect(await store.exists(row!.storage_key)).toBe(true);
      expect(await store.exists(row!.thumbnail_key)).toBe(true);
    } finally {
      await source.drop();
      await target.drop();
    }
  });
});

// The one place that picks the BlobStore implementation (the filesystem under DATA_DIR today;
// object storage would be chosen here from config).
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { BlobStore } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';

export function openBlobStore(config: Config): Promise<BlobStore> {
  return FsBlobStore.open(join(config.dataDir, 'blobs'));
}

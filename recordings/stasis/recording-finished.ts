import { join } from 'node:path';
import type { RecordingIngest } from '../services/ingest.ts';

/** The part of ARI's `RecordingFinished` event that ingest needs (see shared ARI traces). */
export interface AriRecordingFinished {
  type: 'RecordingFinished';
  timestamp?: string;
  recording: {
    name: string;
    format: string;
    state?: string;
    target_uri?: string;
    duration?: number;
  };
}

/**
 * Ingests a recording when Asterisk reports it finished. Asterisk writes it to
 * `<spool>/recording/<name>.<format>` (the ARI README notes), on a disk this service shares.
 */
export function recordingFinishedHandler(ingest: RecordingIngest, spoolRecordingDir: string) {
  return async (event: AriRecordingFinished) => {
    const { name, format, target_uri: target } = event.recording;
    const channelId = target?.startsWith('channel:') ? target.slice('channel:'.length) : undefined;
    return ingest.ingest({
      sourcePath: join(spoolRecordingDir, `${name}.${format}`),
      sourceName: name,
      format,
      channelId,
    });
  };
}

import type { AriCore } from '../core.ts';
import { type Route, routesOf } from './route.ts';

/** playbacks, recordings and sounds. */
export function mediaRoutes(core: AriCore): Route[] {
  const { playbacks, recordings } = core;
  const p = routesOf('playbacks');
  const rec = routesOf('recordings');
  const s = routesOf('sounds');
  const done = () => undefined;
  return [
    p('GET', '/playbacks/{playbackId}', 'get', 'Playback', [], "Get a playback's details.", (request) =>
      playbacks.get(request.path('playbackId')).snapshot(),
    ),
    p('DELETE', '/playbacks/{playbackId}', 'stop', 'void', [], 'Stop a playback.', (request) => {
      playbacks.stop(request.path('playbackId'));
      return done();
    }),
    p(
      'POST',
      '/playbacks/{playbackId}/control',
      'control',
      'void',
      ['operation*'],
      'Control a playback.',
      (request) => {
        playbacks.control(request.path('playbackId'), request.required('operation'));
        return done();
      },
    ),
    rec(
      'GET',
      '/recordings/stored',
      'listStored',
      'List[StoredRecording]',
      [],
      'List recordings that are complete.',
      () => recordings.listStored(),
    ),
    rec(
      'GET',
      '/recordings/stored/{recordingName}',
      'getStored',
      'StoredRecording',
      [],
      "Get a stored recording's details.",
      (request) => recordings.getStored(request.path('recordingName')),
    ),
    rec(
      'DELETE',
      '/recordings/stored/{recordingName}',
      'deleteStored',
      'void',
      [],
      'Delete a stored recording.',
      (request) => {
        recordings.deleteStored(request.path('recordingName'));
        return done();
      },
    ),
    rec(
      'GET',
      '/recordings/stored/{recordingName}/file',
      'getStoredFile',
      'binary',
      [],
      'Get the file associated with the stored recording.',
      (request) => recordings.storedFile(request.path('recordingName')),
    ),
    rec(
      'POST',
      '/recordings/stored/{recordingName}/copy',
      'copyStored',
      'StoredRecording',
      ['destinationRecordingName*'],
      'Copy a stored recording.',
      (request) =>
        recordings.copyStored(request.path('recordingName'), request.required('destinationRecordingName')),
    ),
    rec(
      'GET',
      '/recordings/live/{recordingName}',
      'getLive',
      'LiveRecording',
      [],
      'List live recordings.',
      (request) => recordings.getLive(request.path('recordingName')),
    ),
    rec(
      'DELETE',
      '/recordings/live/{recordingName}',
      'cancel',
      'void',
      [],
      'Stop a live recording and discard it.',
      (request) => {
        recordings.cancel(request.path('recordingName'));
        return done();
      },
    ),
    rec(
      'POST',
      '/recordings/live/{recordingName}/stop',
      'stop',
      'void',
      [],
      'Stop a live recording and store it.',
      (request) => {
        recordings.stop(request.path('recordingName'));
        return done();
      },
    ),
    rec(
      'POST',
      '/recordings/live/{recordingName}/pause',
      'pause',
      'void',
      [],
      'Pause a live recording.',
      (request) => {
        recordings.pause(request.path('recordingName'), true);
        return done();
      },
    ),
    rec(
      'DELETE',
      '/recordings/live/{recordingName}/pause',
      'unpause',
      'void',
      [],
      'Unpause a live recording.',
      (request) => {
        recordings.pause(request.path('recordingName'), false);
        return done();
      },
    ),
    rec(
      'POST',
      '/recordings/live/{recordingName}/mute',
      'mute',
      'void',
      [],
      'Mute a live recording.',
      (request) => {
        recordings.mute(request.path('recordingName'));
        return done();
      },
    ),
    rec(
      'DELETE',
      '/recordings/live/{recordingName}/mute',
      'unmute',
      'void',
      [],
      'Unmute a live recording.',
      (request) => {
        recordings.mute(request.path('recordingName'));
        return done();
      },
    ),
    s('GET', '/sounds', 'list', 'List[Sound]', ['lang', 'format'], 'List all sounds.', () =>
      Object.keys(core.options.sounds).map((id) => ({ id, formats: [{ language: 'en', format: 'slin' }] })),
    ),
    s('GET', '/sounds/{soundId}', 'get', 'Sound', [], "Get a sound's details.", (request) => {
      const id = request.path('soundId');
      if (core.soundLengthMs(id) === undefined) return { id, formats: [] };
      return { id, formats: [{ language: 'en', format: 'slin' }] };
    }),
  ];
}

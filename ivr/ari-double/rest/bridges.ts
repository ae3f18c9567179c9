import { randomUUID } from 'node:crypto';
import { AriError } from '../asterisk.ts';
import type { AriCore } from '../core.ts';
import { type Route, type RouteRequest, routesOf } from './route.ts';

const PLAY_PARAMS = ['media*[]', 'announcer_format', 'lang', 'offsetms:int', 'skipms:int'];

export function bridgeRoutes(core: AriCore): Route[] {
  const { bridges, playbacks, recordings } = core;
  const r = routesOf('bridges');
  const play = (request: RouteRequest, playbackId: string) => {
    const bridge = bridges.get(request.path('bridgeId'));
    return playbacks.play(`bridge:${bridge.id}`, playbackId, request.list('media'), {
      lang: request.str('lang'),
      skipms: request.int('skipms'),
    });
  };
  const exists = (request: RouteRequest) => {
    bridges.get(request.path('bridgeId'));
    return undefined;
  };
  return [
    r('GET', '/bridges', 'list', 'List[Bridge]', [], 'List all active bridges in Asterisk.', () =>
      [...core.asterisk.bridges.values()].map((bridge) => bridge.snapshot()),
    ),
    r(
      'POST',
      '/bridges',
      'create',
      'Bridge',
      ['type', 'bridgeId', 'name', '@variables'],
      'Create a new bridge.',
      (request) =>
        bridges.create(request.str('bridgeId') ?? randomUUID(), request.str('type'), request.str('name')),
    ),
    r(
      'POST',
      '/bridges/{bridgeId}',
      'createWithId',
      'Bridge',
      ['type', 'name', '@variables'],
      'Create a new bridge with id.',
      (request) => bridges.create(request.path('bridgeId'), request.str('type'), request.str('name')),
    ),
    r('GET', '/bridges/{bridgeId}', 'get', 'Bridge', [], 'Get bridge details.', (request) =>
      bridges.get(request.path('bridgeId')).snapshot(),
    ),
    r('DELETE', '/bridges/{bridgeId}', 'destroy', 'void', [], 'Shut down a bridge.', (request) => {
      bridges.destroy(request.path('bridgeId'));
      return undefined;
    }),
    r(
      'POST',
      '/bridges/{bridgeId}/addChannel',
      'addChannel',
      'void',
      ['channel*[]', 'role', 'absorbDTMF:boolean', 'mute:boolean', 'inhibitConnectedLineUpdates:boolean'],
      'Add a channel to a bridge.',
      (request) => {
        const channels = request.list('channel');
        if (channels.length === 0) throw new AriError(400, { message: 'channel: Missing parameter' });
        bridges.addChannels(request.path('bridgeId'), channels, request.str('role'));
        return undefined;
      },
    ),
    r(
      'POST',
      '/bridges/{bridgeId}/removeChannel',
      'removeChannel',
      'void',
      ['channel*[]'],
      'Remove a channel from a bridge.',
      (request) => {
        bridges.removeChannels(request.path('bridgeId'), request.list('channel'));
        return undefined;
      },
    ),
    // Music on hold in a bridge produces no events.
    r(
      'POST',
      '/bridges/{bridgeId}/moh',
      'startMoh',
      'void',
      ['mohClass'],
      'Play music on hold to a bridge.',
      exists,
    ),
    r(
      'DELETE',
      '/bridges/{bridgeId}/moh',
      'stopMoh',
      'void',
      [],
      'Stop playing music on hold to a bridge.',
      exists,
    ),
    r(
      'POST',
      '/bridges/{bridgeId}/play',
      'play',
      'Playback',
      [...PLAY_PARAMS, 'playbackId'],
      'Start playback of media on a bridge.',
      (request) => play(request, request.str('playbackId') ?? randomUUID()),
    ),
    r(
      'POST',
      '/bridges/{bridgeId}/play/{playbackId}',
      'playWithId',
      'Playback',
      PLAY_PARAMS,
      'Start playback of media on a bridge (with id).',
      (request) => play(request, request.path('playbackId')),
    ),
    r(
      'POST',
      '/bridges/{bridgeId}/record',
      'record',
      'LiveRecording',
      [
        'name*',
        'format*',
        'recorder_format',
        'maxDurationSeconds:int',
        'maxSilenceSeconds:int',
        'ifExists',
        'beep:boolean',
        'terminateOn',
      ],
      'Start a recording of a bridge.',
      (request) => {
        const bridge = bridges.get(request.path('bridgeId'));
        return recordings.record(`bridge:${bridge.id}`, {
          name: request.required('name'),
          format: request.required('format'),
          maxDurationSeconds: request.int('maxDurationSeconds'),
          ifExists: request.str('ifExists'),
          beep: request.bool('beep'),
          terminateOn: request.str('terminateOn'),
        });
      },
    ),
  ];
}

import { randomUUID } from 'node:crypto';
import { AriError } from '../asterisk.ts';
import type { AriCore } from '../core.ts';
import { type Route, type RouteRequest, routesOf } from './route.ts';

const PLAY_PARAMS = ['media*[]', 'lang', 'offsetms:int', 'skipms:int'];

/** What an application does to a channel in Stasis: answer, indications, DTMF, playbacks, recordings. */
export function channelMediaRoutes(core: AriCore): Route[] {
  const { asterisk, playbacks, recordings } = core;
  const channel = (request: RouteRequest) => asterisk.channel(request.path('channelId'));
  const inStasis = (request: RouteRequest) => {
    const found = channel(request);
    if (!found.stasisApp) throw new AriError(409, { message: 'Channel not in Stasis application' });
    return found;
  };
  const accepted = (request: RouteRequest) => {
    inStasis(request);
    return undefined;
  };
  const play = (request: RouteRequest, playbackId: string) => {
    const target = inStasis(request);
    return playbacks.play(`channel:${target.id}`, playbackId, request.list('media'), {
      lang: request.str('lang'),
      skipms: request.int('skipms'),
    });
  };
  const r = routesOf('channels');
  return [
    r('POST', '/channels/{channelId}/answer', 'answer', 'void', [], 'Answer a channel.', (request) => {
      // Answering the ;2 half of a Local pair that is being originated answers the originate
      // (Dial ANSWER, the ;1 half enters its application), as Answer() in dialplan does.
      core.calls.answer(inStasis(request));
      return undefined;
    }),
    // ring, moh, hold, mute and silence produce no events on Asterisk 22 (holding-bridge-moh).
    r('POST', '/channels/{channelId}/ring', 'ring', 'void', [], 'Indicate ringing to a channel.', accepted),
    r(
      'DELETE',
      '/channels/{channelId}/ring',
      'ringStop',
      'void',
      [],
      'Stop ringing indication on a channel.',
      accepted,
    ),
    r(
      'POST',
      '/channels/{channelId}/progress',
      'progress',
      'void',
      [],
      'Indicate progress on a channel.',
      accepted,
    ),
    r(
      'POST',
      '/channels/{channelId}/dtmf',
      'sendDTMF',
      'void',
      ['dtmf', 'before:int', 'between:int', 'duration:int', 'after:int'],
      'Send provided DTMF to a given channel.',
      (request) => {
        const found = inStasis(request);
        // DTMF goes toward the far end and produces no event on this channel; the scripted far end
        // can read it, and the other half of a Local pair receives it digit by digit (ARI's
        // defaults: 100 ms between, 100 ms long).
        const dtmf = request.str('dtmf') ?? '';
        found.sentDtmf.push(dtmf);
        if (found.localPeer && !found.localPeer.hungUp) {
          core.calls.sendDtmf(found, dtmf, request.int('between') ?? 100, request.int('duration') ?? 100);
        }
        return undefined;
      },
    ),
    r('POST', '/channels/{channelId}/mute', 'mute', 'void', ['direction'], 'Mute a channel.', accepted),
    r('DELETE', '/channels/{channelId}/mute', 'unmute', 'void', ['direction'], 'Unmute a channel.', accepted),
    r('POST', '/channels/{channelId}/hold', 'hold', 'void', [], 'Hold a channel.', accepted),
    r('DELETE', '/channels/{channelId}/hold', 'unhold', 'void', [], 'Remove a channel from hold.', accepted),
    r(
      'POST',
      '/channels/{channelId}/moh',
      'startMoh',
      'void',
      ['mohClass'],
      'Play music on hold to a channel.',
      accepted,
    ),
    r(
      'DELETE',
      '/channels/{channelId}/moh',
      'stopMoh',
      'void',
      [],
      'Stop playing music on hold to a channel.',
      accepted,
    ),
    r(
      'POST',
      '/channels/{channelId}/silence',
      'startSilence',
      'void',
      [],
      'Play silence to a channel.',
      accepted,
    ),
    r(
      'DELETE',
      '/channels/{channelId}/silence',
      'stopSilence',
      'void',
      [],
      'Stop playing silence to a channel.',
      accepted,
    ),
    r(
      'POST',
      '/channels/{channelId}/play',
      'play',
      'Playback',
      [...PLAY_PARAMS, 'playbackId'],
      'Start playback of media.',
      (request) => play(request, request.str('playbackId') ?? randomUUID()),
    ),
    r(
      'POST',
      '/channels/{channelId}/play/{playbackId}',
      'playWithId',
      'Playback',
      PLAY_PARAMS,
      'Start playback of media and specify the playbackId.',
      (request) => play(request, request.path('playbackId')),
    ),
    r(
      'POST',
      '/channels/{channelId}/record',
      'record',
      'LiveRecording',
      [
        'name*',
        'format*',
        'maxDurationSeconds:int',
        'maxSilenceSeconds:int',
        'ifExists',
        'beep:boolean',
        'terminateOn',
      ],
      'Start a recording.',
      (request) => {
        const target = inStasis(request);
        return recordings.record(`channel:${target.id}`, {
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

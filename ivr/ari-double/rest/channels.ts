import { randomUUID } from 'node:crypto';
import { AriError } from '../asterisk.ts';
import type { AriCore } from '../core.ts';
import { hangupReasonCauses } from '../events.ts';
import type { OriginateRequest } from '../originate.ts';
import { type Route, type RouteRequest, routesOf } from './route.ts';

const ORIGINATE_PARAMS = [
  'endpoint*',
  'extension',
  'context',
  'priority:long',
  'label',
  'app',
  'appArgs',
  'callerId',
  'timeout:int',
  '@variables',
  'otherChannelId',
  'originator',
  'formats',
];
const PLAY_PARAMS = ['media*[]', 'lang', 'offsetms:int', 'skipms:int'];

function originateRequest(request: RouteRequest, channelId: string | undefined): OriginateRequest {
  return {
    endpoint: request.required('endpoint'),
    app: request.str('app'),
    appArgs: request.str('appArgs'),
    context: request.str('context'),
    extension: request.str('extension'),
    priority: request.int('priority'),
    callerId: request.str('callerId'),
    timeout: request.int('timeout'),
    channelId,
    otherChannelId: request.str('otherChannelId'),
    variables: request.variables(),
  };
}

export function channelRoutes(core: AriCore): Route[] {
  const { asterisk, originator, calls, playbacks, recordings } = core;
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
    r('GET', '/channels', 'list', 'List[Channel]', [], 'List all active channels in Asterisk.', () =>
      [...asterisk.channels.values()].filter((found) => !found.hungUp).map((found) => found.snapshot()),
    ),
    r(
      'POST',
      '/channels',
      'originate',
      'Channel',
      [...ORIGINATE_PARAMS, 'channelId'],
      'Create a new channel (originate).',
      (request) => originator.originate(originateRequest(request, request.str('channelId'))),
    ),
    r(
      'POST',
      '/channels/create',
      'create',
      'Channel',
      ['endpoint*', 'app*', 'appArgs', 'channelId', 'otherChannelId', 'originator', 'formats', '@variables'],
      'Create channel.',
      (request) =>
        originator.create({
          endpoint: request.required('endpoint'),
          app: request.required('app'),
          appArgs: request.str('appArgs'),
          channelId: request.str('channelId'),
          otherChannelId: request.str('otherChannelId'),
        }),
    ),
    r(
      'POST',
      '/channels/externalMedia',
      'externalMedia',
      'Channel',
      [
        'channelId',
        'app*',
        '@variables',
        'external_host',
        'encapsulation',
        'transport',
        'connection_type',
        'format*',
        'direction',
        'data',
        'transport_data',
      ],
      'Start an External Media session.',
      (request) =>
        core.externalMedia.create({
          channelId: request.str('channelId'),
          app: request.required('app'),
          external_host: request.str('external_host') ?? '',
          format: request.required('format'),
          encapsulation: request.str('encapsulation'),
          transport: request.str('transport'),
          direction: request.str('direction'),
        }),
    ),
    r('GET', '/channels/{channelId}', 'get', 'Channel', [], 'Channel details.', (request) =>
      channel(request).snapshot(),
    ),
    r(
      'POST',
      '/channels/{channelId}',
      'originateWithId',
      'Channel',
      ORIGINATE_PARAMS,
      'Create a new channel (originate with id).',
      (request) => originator.originate(originateRequest(request, request.path('channelId'))),
    ),
    r(
      'DELETE',
      '/channels/{channelId}',
      'hangup',
      'void',
      ['reason_code', 'reason'],
      'Delete (i.e. hangup) a channel.',
      (request) => {
        const reason = request.str('reason');
        if (reason !== undefined && hangupReasonCauses[reason] === undefined) {
          throw new AriError(400, { message: 'Invalid reason for hangup provided' });
        }
        const code = request.int('reason_code');
        calls.hangupFromAri(channel(request), code ?? hangupReasonCauses[reason ?? 'normal'] ?? 16);
        return undefined;
      },
    ),
    r(
      'POST',
      '/channels/{channelId}/continue',
      'continueInDialplan',
      'void',
      ['context', 'extension', 'priority:int', 'label'],
      'Exit application; continue execution in the dialplan.',
      (request) => {
        originator.continueInDialplan(request.path('channelId'), {
          context: request.str('context'),
          extension: request.str('extension'),
          priority: request.int('priority'),
        });
        return undefined;
      },
    ),
    r('POST', '/channels/{channelId}/answer', 'answer', 'void', [], 'Answer a channel.', (request) => {
      const found = inStasis(request);
      asterisk.setState(found, 'Up');
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
        // DTMF goes toward the far end and produces no event; the scripted far end can read it.
        found.sentDtmf.push(request.str('dtmf') ?? '');
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
    r(
      'GET',
      '/channels/{channelId}/variable',
      'getChannelVar',
      'Variable',
      ['variable*'],
      'Get the value of a channel variable or function.',
      (request) => {
        const value = asterisk.getVariable(channel(request), request.required('variable'));
        if (value === undefined) throw new AriError(404, { message: 'Provided variable was not found' });
        return { value };
      },
    ),
    r(
      'POST',
      '/channels/{channelId}/variable',
      'setChannelVar',
      'void',
      ['variable*', 'value', 'report_events:boolean'],
      'Set the value of a channel variable or function.',
      (request) => {
        asterisk.setVariable(channel(request), request.required('variable'), request.str('value') ?? '');
        return undefined;
      },
    ),
    r(
      'POST',
      '/channels/{channelId}/snoop',
      'snoopChannel',
      'Channel',
      ['spy', 'whisper', 'app*', 'appArgs', 'snoopId'],
      'Start snooping.',
      (request) =>
        originator.snoop(
          request.path('channelId'),
          request.str('snoopId'),
          request.required('app'),
          request.str('appArgs'),
        ),
    ),
    r(
      'POST',
      '/channels/{channelId}/snoop/{snoopId}',
      'snoopChannelWithId',
      'Channel',
      ['spy', 'whisper', 'app*', 'appArgs'],
      'Start snooping (with id).',
      (request) =>
        originator.snoop(
          request.path('channelId'),
          request.path('snoopId'),
          request.required('app'),
          request.str('appArgs'),
        ),
    ),
    r(
      'POST',
      '/channels/{channelId}/dial',
      'dial',
      'void',
      ['caller', 'timeout:int'],
      'Dial a created channel.',
      (request) => {
        originator.dial(request.path('channelId'), request.int('timeout'));
        return undefined;
      },
    ),
  ];
}

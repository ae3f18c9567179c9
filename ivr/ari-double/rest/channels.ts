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

/** Channel life cycle: list, originate, create, externalMedia, hangup, continue, variables, snoop, dial. */
export function channelRoutes(core: AriCore): Route[] {
  const { asterisk, originator, calls } = core;
  const channel = (request: RouteRequest) => asterisk.channel(request.path('channelId'));
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

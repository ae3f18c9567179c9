import { describe, expect, it } from 'vitest';
import { agentStateLabelRu, agentStateToneOf, channelLabelRu, topicsLabelRu } from '../index.ts';

describe('Russian labels shared by the desktop screens', () => {
  it('names an agent state with its not-ready reason, and shows an unknown state as it is', () => {
    expect(agentStateLabelRu('not_ready', 'lunch')).toBe('Не готов: обед');
    expect(agentStateLabelRu('ready', '')).toBe('Готов');
    expect(agentStateLabelRu('ready', null)).toBe('Готов');
    expect(agentStateLabelRu('asleep')).toBe('asleep');
  });

  it('colours offline as a warning only where asked (the operator’s own bar)', () => {
    expect(agentStateToneOf('ready')).toBe('ok');
    expect(agentStateToneOf('not_ready')).toBe('warn');
    expect(agentStateToneOf('offline')).toBe('info');
    expect(agentStateToneOf('offline', { offlineWarns: true })).toBe('warn');
    expect(agentStateToneOf('busy', { offlineWarns: true })).toBe('info');
  });

  it('names channels and topics, with the caller’s words for "no topic"', () => {
    expect(channelLabelRu('vk')).toBe('ВКонтакте');
    expect(channelLabelRu('fax')).toBe('fax');
    expect(topicsLabelRu([])).toBe('Тема не определена');
    expect(topicsLabelRu([], 'Без темы')).toBe('Без темы');
    expect(topicsLabelRu(['meter_reading', 'other_x'])).toBe('Передача показаний, other_x');
  });
});

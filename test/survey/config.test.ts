import { describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';

describe('survey configuration', () => {
  it('defaults to a yearly period, no population and invitations after tickets', () => {
    expect(createConfig({}).survey).toEqual({ period: 'year', population: undefined, inviteAfterTicket: true });
  });

  it('reads the period kind, the population and the invitation switch', () => {
    expect(
      createConfig({ SURVEY_PERIOD: 'quarter', SURVEY_POPULATION: '1000', SURVEY_INVITE_AFTER_TICKET: 'false' }).survey,
    ).toEqual({
      period: 'quarter',
      population: 1000,
      inviteAfterTicket: false,
    });
  });

  it('names the variable of a bad value', () => {
    expect(() => createConfig({ SURVEY_PERIOD: 'week' })).toThrow(
      /SURVEY_PERIOD: expected year, quarter or month \(got "week"\)/,
    );
    expect(() => createConfig({ SURVEY_POPULATION: '0' })).toThrow(/SURVEY_POPULATION: expected 1 or more/);
    expect(() => createConfig({ SURVEY_POPULATION: 'banyak' })).toThrow(
      /SURVEY_POPULATION: expected a whole number of service users/,
    );
  });
});

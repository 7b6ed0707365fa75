import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDateLabel, isDateProblem, parsePublicationDate } from "../../src/content/dates.ts";

test("a plain date is that calendar day, labelled in words", () => {
  const date = parsePublicationDate("2013-04-06");
  assert.ok(!isDateProblem(date));
  assert.equal(date.date, "2013-04-06");
  assert.equal(date.datetime, "2013-04-06");
  assert.equal(date.label, "April 6, 2013");
  assert.equal(date.epochMs, Date.UTC(2013, 3, 6));
});

test("a timestamp keeps its offset's local date and its instant", () => {
  const date = parsePublicationDate("2013-12-31T23:30:00-05:00");
  assert.ok(!isDateProblem(date));
  assert.equal(date.date, "2013-12-31");
  assert.equal(date.label, "December 31, 2013");
  assert.equal(date.datetime, "2013-12-31T23:30:00-05:00");
  assert.equal(date.epochMs, Date.UTC(2014, 0, 1, 4, 30));
});

test("impossible dates are refused with the nearest real date as an example", () => {
  assert.deepEqual(parsePublicationDate("2013-13-01"), { message: 'is not a valid date; write YYYY-MM-DD, e.g. "2013-12-01".' });
  assert.deepEqual(parsePublicationDate("2013-02-30"), { message: 'is not a valid date; write YYYY-MM-DD, e.g. "2013-02-28".' });
  assert.deepEqual(parsePublicationDate("2012-02-30"), { message: 'is not a valid date; write YYYY-MM-DD, e.g. "2012-02-29".' });
});

test("a time without an offset, a bad time and free text are refused", () => {
  assert.match((parsePublicationDate("2013-04-06T10:00") as { message: string }).message, /^has a time but no offset; add one, e.g. "2013-04-06T10:00:00\+00:00"/);
  assert.match((parsePublicationDate("2013-04-06T25:00:00Z") as { message: string }).message, /^has an impossible time of day/);
  assert.match((parsePublicationDate("April 6, 2013") as { message: string }).message, /^is not a date; write YYYY-MM-DD/);
});

test("labels do not depend on the machine's time zone", () => {
  // This process has one TZ; the build test compares whole sites under two. Here: the extreme days.
  assert.equal(formatDateLabel(2013, 1, 1), "January 1, 2013");
  assert.equal(formatDateLabel(2013, 12, 31), "December 31, 2013");
  assert.equal(formatDateLabel(99, 3, 1), "March 1, 0099");
});

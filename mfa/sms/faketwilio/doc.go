// Package faketwilio is a local stand-in for the Twilio REST API's
// Programmable Messaging endpoint, for tests that drive the real twilio-go
// client. It answers like Twilio (201 message JSON, Twilio error bodies),
// checks Basic auth and the required form fields, and records what it got.
//
// It must not be used outside tests, and must not import package sms (the
// sms tests import it).
package faketwilio

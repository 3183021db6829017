--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: sk_v2_fixture; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA sk_v2_fixture;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: blob_chunks; Type: TABLE; Schema: sk_v2_fixture; Owner: -
--

CREATE TABLE sk_v2_fixture.blob_chunks (
    upload bigint NOT NULL,
    n integer NOT NULL,
    data bytea NOT NULL
);


--
-- Name: blob_uploads; Type: SEQUENCE; Schema: sk_v2_fixture; Owner: -
--

CREATE SEQUENCE sk_v2_fixture.blob_uploads
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: blobs; Type: TABLE; Schema: sk_v2_fixture; Owner: -
--

CREATE TABLE sk_v2_fixture.blobs (
    sha256 text NOT NULL,
    upload bigint NOT NULL,
    size bigint NOT NULL
);


--
-- Name: records; Type: TABLE; Schema: sk_v2_fixture; Owner: -
--

CREATE TABLE sk_v2_fixture.records (
    kind text NOT NULL,
    id text NOT NULL,
    seq bigint NOT NULL,
    data jsonb NOT NULL,
    keys jsonb DEFAULT '{}'::jsonb NOT NULL
);


--
-- Name: records_seq_seq; Type: SEQUENCE; Schema: sk_v2_fixture; Owner: -
--

CREATE SEQUENCE sk_v2_fixture.records_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: records_seq_seq; Type: SEQUENCE OWNED BY; Schema: sk_v2_fixture; Owner: -
--

ALTER SEQUENCE sk_v2_fixture.records_seq_seq OWNED BY sk_v2_fixture.records.seq;


--
-- Name: schema_version; Type: TABLE; Schema: sk_v2_fixture; Owner: -
--

CREATE TABLE sk_v2_fixture.schema_version (
    version integer NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: ticket_ids; Type: SEQUENCE; Schema: sk_v2_fixture; Owner: -
--

CREATE SEQUENCE sk_v2_fixture.ticket_ids
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: ticket_snapshots; Type: TABLE; Schema: sk_v2_fixture; Owner: -
--

CREATE TABLE sk_v2_fixture.ticket_snapshots (
    id text NOT NULL,
    snapshot jsonb NOT NULL
);


--
-- Name: tickets; Type: TABLE; Schema: sk_v2_fixture; Owner: -
--

CREATE TABLE sk_v2_fixture.tickets (
    id text NOT NULL,
    id_num bigint,
    version integer NOT NULL,
    status text NOT NULL,
    requester text NOT NULL,
    company text,
    addressed_to text,
    category text,
    assignee text,
    first_response_due timestamp with time zone,
    next_update_due timestamp with time zone,
    resolution_due timestamp with time zone,
    eta timestamp with time zone,
    escalation_eligible_at timestamp with time zone,
    retention_due timestamp with time zone,
    words text[] NOT NULL,
    CONSTRAINT tickets_version_check CHECK ((version >= 1))
);


--
-- Name: records seq; Type: DEFAULT; Schema: sk_v2_fixture; Owner: -
--

ALTER TABLE ONLY sk_v2_fixture.records ALTER COLUMN seq SET DEFAULT nextval('sk_v2_fixture.records_seq_seq'::regclass);


--
-- Data for Name: blob_chunks; Type: TABLE DATA; Schema: sk_v2_fixture; Owner: -
--

INSERT INTO sk_v2_fixture.blob_chunks VALUES (2, 0, '\x46726f6d3a20616c6963650d0a0d0a5765626d61696c20736c6f77');
INSERT INTO sk_v2_fixture.blob_chunks VALUES (4, 0, '\x46726f6d3a20616c6963650d0a0d0a70617373776f72643a205b72656461637465643a2070617373776f72645d');


--
-- Data for Name: blobs; Type: TABLE DATA; Schema: sk_v2_fixture; Owner: -
--

INSERT INTO sk_v2_fixture.blobs VALUES ('85a676f2f67576df31f3a56b525f43bde474685cdeede20fe391d297796842b6', 2, 27);
INSERT INTO sk_v2_fixture.blobs VALUES ('9e44e3d80ba160660d8cd6f7111e5bb5cbeead7497356521b007e9f91028bead', 4, 45);


--
-- Data for Name: records; Type: TABLE DATA; Schema: sk_v2_fixture; Owner: -
--

INSERT INTO sk_v2_fixture.records VALUES ('outbox', '1/1/*support', 3, '{"at": "2026-03-02T09:00:00+00:00", "id": "1/1/*support", "link": null, "actor": "alice", "email": null, "event": "opened", "state": "pending", "status": "open", "sent_at": null, "subject": "Mail is down", "version": 1, "recipient": null, "ticket_id": "1", "recipient_side": "support"}', '{"state": "pending", "ticket": "1"}');
INSERT INTO sk_v2_fixture.records VALUES ('outbox', '2/1/*support', 4, '{"at": "2026-03-02T09:00:00+00:00", "id": "2/1/*support", "link": null, "actor": "bob", "email": null, "event": "opened", "state": "pending", "status": "open", "sent_at": null, "subject": "Panel login", "version": 1, "recipient": null, "ticket_id": "2", "recipient_side": "support"}', '{"state": "pending", "ticket": "2"}');
INSERT INTO sk_v2_fixture.records VALUES ('blob_ref', '85a676f2f67576df31f3a56b525f43bde474685cdeede20fe391d297796842b6:3', 6, '{"sha256": "85a676f2f67576df31f3a56b525f43bde474685cdeede20fe391d297796842b6", "ticket": "3"}', '{"sha256": "85a676f2f67576df31f3a56b525f43bde474685cdeede20fe391d297796842b6"}');
INSERT INTO sk_v2_fixture.records VALUES ('outbox', '3/1/*support', 7, '{"at": "2026-03-02T09:00:00+00:00", "id": "3/1/*support", "link": null, "actor": "alice", "email": null, "event": "opened", "state": "pending", "status": "open", "sent_at": null, "subject": "Über-slow webmail", "version": 1, "recipient": null, "ticket_id": "3", "recipient_side": "support"}', '{"state": "pending", "ticket": "3"}');
INSERT INTO sk_v2_fixture.records VALUES ('outbox', '1/2/alice', 10, '{"at": "2026-03-02T09:05:00+00:00", "id": "1/2/alice", "link": null, "actor": "agent-7", "email": null, "event": "replied", "state": "pending", "status": "open", "sent_at": null, "subject": "Mail is down", "version": 2, "recipient": "alice", "ticket_id": "1", "recipient_side": "customer"}', '{"state": "pending", "ticket": "1"}');
INSERT INTO sk_v2_fixture.records VALUES ('blob_ref', '9e44e3d80ba160660d8cd6f7111e5bb5cbeead7497356521b007e9f91028bead:3', 12, '{"sha256": "9e44e3d80ba160660d8cd6f7111e5bb5cbeead7497356521b007e9f91028bead", "ticket": "3"}', '{"sha256": "9e44e3d80ba160660d8cd6f7111e5bb5cbeead7497356521b007e9f91028bead"}');
INSERT INTO sk_v2_fixture.records VALUES ('outbox', '3/2/*support', 13, '{"at": "2026-03-02T09:05:00+00:00", "id": "3/2/*support", "link": null, "actor": "alice", "email": null, "event": "replied", "state": "pending", "status": "open", "sent_at": null, "subject": "Über-slow webmail", "version": 2, "recipient": null, "ticket_id": "3", "recipient_side": "support"}', '{"state": "pending", "ticket": "3"}');
INSERT INTO sk_v2_fixture.records VALUES ('outbox', '1/6/*support', 14, '{"at": "2026-03-02T10:05:00+00:00", "id": "1/6/*support", "link": null, "actor": "alice", "email": null, "event": "replied", "state": "pending", "status": "open", "sent_at": null, "subject": "Mail is down", "version": 6, "recipient": null, "ticket_id": "1", "recipient_side": "support"}', '{"state": "pending", "ticket": "1"}');
INSERT INTO sk_v2_fixture.records VALUES ('outbox', '1/7/alice', 15, '{"at": "2026-03-02T10:05:00+00:00", "id": "1/7/alice", "link": null, "actor": "agent-7", "email": null, "event": "solved", "state": "pending", "status": "solved", "sent_at": null, "subject": "Mail is down", "version": 7, "recipient": "alice", "ticket_id": "1", "recipient_side": "customer"}', '{"state": "pending", "ticket": "1"}');
INSERT INTO sk_v2_fixture.records VALUES ('outbox', '1/8/*support', 16, '{"at": "2026-03-02T10:05:00+00:00", "id": "1/8/*support", "link": null, "actor": "alice", "email": null, "event": "confirmed", "state": "pending", "status": "closed", "sent_at": null, "subject": "Mail is down", "version": 8, "recipient": null, "ticket_id": "1", "recipient_side": "support"}', '{"state": "pending", "ticket": "1"}');
INSERT INTO sk_v2_fixture.records VALUES ('outbox', '2/3/bob', 17, '{"at": "2026-03-02T10:05:00+00:00", "id": "2/3/bob", "link": null, "actor": "agent-7", "email": null, "event": "replied", "state": "pending", "status": "open", "sent_at": null, "subject": "Panel login fails after upgrade", "version": 3, "recipient": "bob", "ticket_id": "2", "recipient_side": "customer"}', '{"state": "pending", "ticket": "2"}');
INSERT INTO sk_v2_fixture.records VALUES ('outbox', '2/4/bob', 18, '{"at": "2026-03-02T10:05:00+00:00", "id": "2/4/bob", "link": null, "actor": "agent-7", "email": null, "event": "solved", "state": "pending", "status": "solved", "sent_at": null, "subject": "Panel login fails after upgrade", "version": 4, "recipient": "bob", "ticket_id": "2", "recipient_side": "customer"}', '{"state": "pending", "ticket": "2"}');
INSERT INTO sk_v2_fixture.records VALUES ('outbox', '4/1/*support', 19, '{"at": "2026-03-02T10:05:00+00:00", "id": "4/1/*support", "link": null, "actor": "bob", "email": null, "event": "opened", "state": "pending", "status": "open", "sent_at": null, "subject": "Invoice question", "version": 1, "recipient": null, "ticket_id": "4", "recipient_side": "support"}', '{"state": "pending", "ticket": "4"}');
INSERT INTO sk_v2_fixture.records VALUES ('outbox', '1/9/alice', 20, '{"at": "2026-03-05T10:05:00+00:00", "id": "1/9/alice", "link": null, "actor": "system", "email": null, "event": "purged", "state": "pending", "status": "closed", "sent_at": null, "subject": "Mail is down", "version": 9, "recipient": "alice", "ticket_id": "1", "recipient_side": "customer"}', '{"state": "pending", "ticket": "1"}');
INSERT INTO sk_v2_fixture.records VALUES ('outbox', '1/9/*support', 21, '{"at": "2026-03-05T10:05:00+00:00", "id": "1/9/*support", "link": null, "actor": "system", "email": null, "event": "purged", "state": "pending", "status": "closed", "sent_at": null, "subject": "Mail is down", "version": 9, "recipient": null, "ticket_id": "1", "recipient_side": "support"}', '{"state": "pending", "ticket": "1"}');


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: sk_v2_fixture; Owner: -
--

INSERT INTO sk_v2_fixture.schema_version VALUES (1, '2026-12-06 07:07:10.510488+00');
INSERT INTO sk_v2_fixture.schema_version VALUES (2, '2026-12-06 07:07:10.510488+00');


--
-- Data for Name: ticket_snapshots; Type: TABLE DATA; Schema: sk_v2_fixture; Owner: -
--

INSERT INTO sk_v2_fixture.ticket_snapshots VALUES ('3', '{"id": "3", "eta": null, "events": [{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "channel": "email", "subject": "Über-slow webmail", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "Webmail takes 30 s per page", "side": "customer", "author": "alice", "channel": "email", "internal": false, "attachments": [{"kind": "raw_email", "size": 27, "purged": false, "sha256": "85a676f2f67576df31f3a56b525f43bde474685cdeede20fe391d297796842b6", "filename": "raw-email.eml", "content_type": "message/rfc822"}]}}, {"at": "2026-03-02T09:05:00+00:00", "data": {"status": "open", "redacted": "password"}, "kind": "replied", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:05:00+00:00", "body": "password: [redacted: password]", "side": "customer", "author": "alice", "channel": "email", "internal": false, "attachments": [{"kind": "raw_email", "size": 45, "purged": false, "sha256": "9e44e3d80ba160660d8cd6f7111e5bb5cbeead7497356521b007e9f91028bead", "filename": "raw-email.eml", "content_type": "message/rfc822"}]}}], "fields": {}, "status": "open", "channel": "email", "subject": "Über-slow webmail", "version": 2, "assignee": null, "category": null, "messages": [{"at": "2026-03-02T09:00:00+00:00", "body": "Webmail takes 30 s per page", "side": "customer", "author": "alice", "channel": "email", "internal": false, "attachments": [{"kind": "raw_email", "size": 27, "purged": false, "sha256": "85a676f2f67576df31f3a56b525f43bde474685cdeede20fe391d297796842b6", "filename": "raw-email.eml", "content_type": "message/rfc822"}]}, {"at": "2026-03-02T09:05:00+00:00", "body": "password: [redacted: password]", "side": "customer", "author": "alice", "channel": "email", "internal": false, "attachments": [{"kind": "raw_email", "size": 45, "purged": false, "sha256": "9e44e3d80ba160660d8cd6f7111e5bb5cbeead7497356521b007e9f91028bead", "filename": "raw-email.eml", "content_type": "message/rfc822"}]}], "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:05:00+00:00", "archived_at": null, "contract_id": null, "addressed_to": null, "follow_up_of": null, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:05:00+00:00"}');
INSERT INTO sk_v2_fixture.ticket_snapshots VALUES ('1', '{"id": "1", "eta": "2026-03-02T15:00:00+00:00", "events": [{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "channel": "web", "subject": "Mail is down", "category": "mail", "severity": 2, "field.host": "mx1"}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "Since 09:00 no mail: MX timeout", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 5000, "purged": false, "sha256": "c59d3c0480cc2d71d8f646e735e92da65450311eec46e81a5db8c7e6e8a92054", "filename": "log.txt", "content_type": null}]}}, {"at": "2026-03-02T09:05:00+00:00", "data": {"status": "open"}, "kind": "replied", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": {"at": "2026-03-02T09:05:00+00:00", "body": "Looking into the MX records now", "side": "support", "author": "agent-7", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 10, "purged": false, "sha256": "e5df93dc7d4d5e032ae8d0819395aa5b3831ce45ef06f6621f5c65196c6a6a2f", "filename": "dig.txt", "content_type": null}]}}, {"at": "2026-03-02T09:05:00+00:00", "data": {"status": "open"}, "kind": "noted", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": {"at": "2026-03-02T09:05:00+00:00", "body": "secretword internal only", "side": "support", "author": "agent-7", "channel": "internal", "internal": true, "attachments": []}}, {"at": "2026-03-02T10:05:00+00:00", "data": {"reason": "whole company affected", "status": "open", "previous": 2, "severity": 1}, "kind": "severity_changed", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": null}, {"at": "2026-03-02T10:05:00+00:00", "data": {"eta": "2026-03-02T15:00:00+00:00", "status": "open"}, "kind": "eta_set", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": null}, {"at": "2026-03-02T10:05:00+00:00", "data": {"status": "open"}, "kind": "replied", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T10:05:00+00:00", "body": "Still down — über urgent", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": []}}, {"at": "2026-03-02T10:05:00+00:00", "data": {"status": "solved"}, "kind": "solved", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": null}, {"at": "2026-03-02T10:05:00+00:00", "data": {"status": "closed"}, "kind": "confirmed", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": null}, {"at": "2026-03-05T10:05:00+00:00", "data": {"keep": "1d", "rule": "retention: keep 1d after closing; private: attachment,raw_email; RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0;BYSECOND=0 Europe/Berlin", "bytes": 5010, "purged": "c59d3c0480cc2d71d8f646e735e92da65450311eec46e81a5db8c7e6e8a92054,e5df93dc7d4d5e032ae8d0819395aa5b3831ce45ef06f6621f5c65196c6a6a2f", "run_at": "2026-03-05T10:05:00+00:00", "private": "attachment,raw_email"}, "kind": "purged", "actor": {"id": "system", "side": "system", "roles": [], "company": null}, "message": null}], "fields": {"host": "mx1"}, "status": "closed", "channel": "web", "subject": "Mail is down", "version": 9, "assignee": null, "category": "mail", "messages": [{"at": "2026-03-02T09:00:00+00:00", "body": "Since 09:00 no mail: MX timeout", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 5000, "purged": true, "sha256": "c59d3c0480cc2d71d8f646e735e92da65450311eec46e81a5db8c7e6e8a92054", "filename": "log.txt", "content_type": null}]}, {"at": "2026-03-02T09:05:00+00:00", "body": "Looking into the MX records now", "side": "support", "author": "agent-7", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 10, "purged": true, "sha256": "e5df93dc7d4d5e032ae8d0819395aa5b3831ce45ef06f6621f5c65196c6a6a2f", "filename": "dig.txt", "content_type": null}]}, {"at": "2026-03-02T09:05:00+00:00", "body": "secretword internal only", "side": "support", "author": "agent-7", "channel": "internal", "internal": true, "attachments": []}, {"at": "2026-03-02T10:05:00+00:00", "body": "Still down — über urgent", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": []}], "severity": 1, "closed_at": "2026-03-02T10:05:00+00:00", "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": "2026-03-02T10:05:00+00:00", "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": "2026-03-02T10:05:00+00:00", "updated_at": "2026-03-05T10:05:00+00:00", "archived_at": null, "contract_id": null, "addressed_to": null, "follow_up_of": null, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": "2026-03-02T09:05:00+00:00", "first_response_due": null, "awaiting_information": false, "last_support_reply_at": "2026-03-02T09:05:00+00:00", "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T10:05:00+00:00"}');
INSERT INTO sk_v2_fixture.ticket_snapshots VALUES ('2', '{"id": "2", "eta": null, "events": [{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "channel": "web", "subject": "Panel login", "category": "panel", "severity": 3}, "kind": "opened", "actor": {"id": "bob", "side": "customer", "roles": [], "company": "beta"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "Cannot log in", "side": "customer", "author": "bob", "channel": "web", "internal": false, "attachments": []}}, {"at": "2026-03-02T10:05:00+00:00", "data": {"status": "open", "subject": "Panel login fails after upgrade", "previous": "Panel login"}, "kind": "retitled", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": null}, {"at": "2026-03-02T10:05:00+00:00", "data": {"status": "open"}, "kind": "replied", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": {"at": "2026-03-02T10:05:00+00:00", "body": "Fixed the session cookie", "side": "support", "author": "agent-7", "channel": "web", "internal": false, "attachments": []}}, {"at": "2026-03-02T10:05:00+00:00", "data": {"status": "solved"}, "kind": "solved", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": null}], "fields": {}, "status": "solved", "channel": "web", "subject": "Panel login fails after upgrade", "version": 4, "assignee": null, "category": "panel", "messages": [{"at": "2026-03-02T09:00:00+00:00", "body": "Cannot log in", "side": "customer", "author": "bob", "channel": "web", "internal": false, "attachments": []}, {"at": "2026-03-02T10:05:00+00:00", "body": "Fixed the session cookie", "side": "support", "author": "agent-7", "channel": "web", "internal": false, "attachments": []}], "severity": 3, "closed_at": null, "requester": {"id": "bob", "side": "customer", "roles": [], "company": "beta"}, "solved_at": "2026-03-02T10:05:00+00:00", "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T10:05:00+00:00", "archived_at": null, "contract_id": null, "addressed_to": null, "follow_up_of": null, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": "2026-03-02T10:05:00+00:00", "first_response_due": null, "awaiting_information": false, "last_support_reply_at": "2026-03-02T10:05:00+00:00", "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v2_fixture.ticket_snapshots VALUES ('4', '{"id": "4", "eta": null, "events": [{"at": "2026-03-02T10:05:00+00:00", "data": {"status": "open", "channel": "web", "subject": "Invoice question", "severity": 4}, "kind": "opened", "actor": {"id": "bob", "side": "customer", "roles": [], "company": "beta"}, "message": {"at": "2026-03-02T10:05:00+00:00", "body": "Where is my invoice?", "side": "customer", "author": "bob", "channel": "web", "internal": false, "attachments": []}}], "fields": {}, "status": "open", "channel": "web", "subject": "Invoice question", "version": 1, "assignee": null, "category": null, "messages": [{"at": "2026-03-02T10:05:00+00:00", "body": "Where is my invoice?", "side": "customer", "author": "bob", "channel": "web", "internal": false, "attachments": []}], "severity": 4, "closed_at": null, "requester": {"id": "bob", "side": "customer", "roles": [], "company": "beta"}, "solved_at": null, "created_at": "2026-03-02T10:05:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T10:05:00+00:00", "archived_at": null, "contract_id": null, "addressed_to": null, "follow_up_of": null, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T10:05:00+00:00"}');
INSERT INTO sk_v2_fixture.ticket_snapshots VALUES ('x-nul', '{"$escaped": {"id": "x-nul", "eta": null, "events": [{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "NUL  subject", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "ab ", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}], "fields": {}, "status": "open", "channel": "web", "subject": "NUL  subject", "version": 1, "assignee": null, "category": null, "messages": [{"at": "2026-03-02T09:00:00+00:00", "body": "ab ", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}], "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "addressed_to": null, "follow_up_of": null, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}}');


--
-- Data for Name: tickets; Type: TABLE DATA; Schema: sk_v2_fixture; Owner: -
--

INSERT INTO sk_v2_fixture.tickets VALUES ('3', 3, 2, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{30,page,password,per,redacted,s,slow,takes,webmail,über}');
INSERT INTO sk_v2_fixture.tickets VALUES ('2', 2, 4, 'solved', 'bob', 'beta', NULL, 'panel', NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{after,cannot,cookie,fails,fixed,in,log,login,panel,session,the,upgrade}');
INSERT INTO sk_v2_fixture.tickets VALUES ('4', 4, 1, 'open', 'bob', 'beta', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{invoice,is,my,question,where}');
INSERT INTO sk_v2_fixture.tickets VALUES ('1', 1, 9, 'closed', 'alice', 'acme', NULL, 'mail', NULL, NULL, NULL, NULL, '2026-03-02 15:00:00+00', NULL, NULL, '{00,09,down,into,is,looking,mail,mx,no,now,records,since,still,the,timeout,urgent,über}');
INSERT INTO sk_v2_fixture.tickets VALUES ('x-nul', NULL, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{a,b,nul,subject}');


--
-- Name: blob_uploads; Type: SEQUENCE SET; Schema: sk_v2_fixture; Owner: -
--

SELECT pg_catalog.setval('sk_v2_fixture.blob_uploads', 4, true);


--
-- Name: records_seq_seq; Type: SEQUENCE SET; Schema: sk_v2_fixture; Owner: -
--

SELECT pg_catalog.setval('sk_v2_fixture.records_seq_seq', 23, true);


--
-- Name: ticket_ids; Type: SEQUENCE SET; Schema: sk_v2_fixture; Owner: -
--

SELECT pg_catalog.setval('sk_v2_fixture.ticket_ids', 4, true);


--
-- Name: blob_chunks blob_chunks_pkey; Type: CONSTRAINT; Schema: sk_v2_fixture; Owner: -
--

ALTER TABLE ONLY sk_v2_fixture.blob_chunks
    ADD CONSTRAINT blob_chunks_pkey PRIMARY KEY (upload, n);


--
-- Name: blobs blobs_pkey; Type: CONSTRAINT; Schema: sk_v2_fixture; Owner: -
--

ALTER TABLE ONLY sk_v2_fixture.blobs
    ADD CONSTRAINT blobs_pkey PRIMARY KEY (sha256);


--
-- Name: blobs blobs_upload_key; Type: CONSTRAINT; Schema: sk_v2_fixture; Owner: -
--

ALTER TABLE ONLY sk_v2_fixture.blobs
    ADD CONSTRAINT blobs_upload_key UNIQUE (upload);


--
-- Name: records records_pkey; Type: CONSTRAINT; Schema: sk_v2_fixture; Owner: -
--

ALTER TABLE ONLY sk_v2_fixture.records
    ADD CONSTRAINT records_pkey PRIMARY KEY (kind, id);


--
-- Name: records records_seq_key; Type: CONSTRAINT; Schema: sk_v2_fixture; Owner: -
--

ALTER TABLE ONLY sk_v2_fixture.records
    ADD CONSTRAINT records_seq_key UNIQUE (seq);


--
-- Name: schema_version schema_version_pkey; Type: CONSTRAINT; Schema: sk_v2_fixture; Owner: -
--

ALTER TABLE ONLY sk_v2_fixture.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);


--
-- Name: ticket_snapshots ticket_snapshots_pkey; Type: CONSTRAINT; Schema: sk_v2_fixture; Owner: -
--

ALTER TABLE ONLY sk_v2_fixture.ticket_snapshots
    ADD CONSTRAINT ticket_snapshots_pkey PRIMARY KEY (id);


--
-- Name: tickets tickets_pkey; Type: CONSTRAINT; Schema: sk_v2_fixture; Owner: -
--

ALTER TABLE ONLY sk_v2_fixture.tickets
    ADD CONSTRAINT tickets_pkey PRIMARY KEY (id);


--
-- Name: records_keys; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX records_keys ON sk_v2_fixture.records USING gin (keys jsonb_path_ops);


--
-- Name: records_kind_seq; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX records_kind_seq ON sk_v2_fixture.records USING btree (kind, seq);


--
-- Name: tickets_addressed_to; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_addressed_to ON sk_v2_fixture.tickets USING btree (addressed_to, id_num, id COLLATE "C");


--
-- Name: tickets_assignee; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_assignee ON sk_v2_fixture.tickets USING btree (assignee, id_num, id COLLATE "C");


--
-- Name: tickets_category; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_category ON sk_v2_fixture.tickets USING btree (category, id_num, id COLLATE "C");


--
-- Name: tickets_company; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_company ON sk_v2_fixture.tickets USING btree (company, id_num, id COLLATE "C");


--
-- Name: tickets_escalation_eligible_at; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_escalation_eligible_at ON sk_v2_fixture.tickets USING btree (escalation_eligible_at, id_num, id COLLATE "C") WHERE (escalation_eligible_at IS NOT NULL);


--
-- Name: tickets_eta; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_eta ON sk_v2_fixture.tickets USING btree (eta, id_num, id COLLATE "C") WHERE (eta IS NOT NULL);


--
-- Name: tickets_first_response_due; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_first_response_due ON sk_v2_fixture.tickets USING btree (first_response_due, id_num, id COLLATE "C") WHERE (first_response_due IS NOT NULL);


--
-- Name: tickets_next_update_due; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_next_update_due ON sk_v2_fixture.tickets USING btree (next_update_due, id_num, id COLLATE "C") WHERE (next_update_due IS NOT NULL);


--
-- Name: tickets_order; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_order ON sk_v2_fixture.tickets USING btree (id_num, id COLLATE "C");


--
-- Name: tickets_requester; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_requester ON sk_v2_fixture.tickets USING btree (requester, id_num, id COLLATE "C");


--
-- Name: tickets_resolution_due; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_resolution_due ON sk_v2_fixture.tickets USING btree (resolution_due, id_num, id COLLATE "C") WHERE (resolution_due IS NOT NULL);


--
-- Name: tickets_retention_due; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_retention_due ON sk_v2_fixture.tickets USING btree (retention_due, id_num, id COLLATE "C") WHERE (retention_due IS NOT NULL);


--
-- Name: tickets_status; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_status ON sk_v2_fixture.tickets USING btree (status, id_num, id COLLATE "C");


--
-- Name: tickets_words; Type: INDEX; Schema: sk_v2_fixture; Owner: -
--

CREATE INDEX tickets_words ON sk_v2_fixture.tickets USING gin (words);


--
-- PostgreSQL database dump complete
--



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
-- Name: sk_v4_fixture; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA sk_v4_fixture;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: blob_chunks; Type: TABLE; Schema: sk_v4_fixture; Owner: -
--

CREATE TABLE sk_v4_fixture.blob_chunks (
    upload bigint NOT NULL,
    n integer NOT NULL,
    data bytea NOT NULL
);


--
-- Name: blob_uploads; Type: SEQUENCE; Schema: sk_v4_fixture; Owner: -
--

CREATE SEQUENCE sk_v4_fixture.blob_uploads
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: blobs; Type: TABLE; Schema: sk_v4_fixture; Owner: -
--

CREATE TABLE sk_v4_fixture.blobs (
    sha256 text NOT NULL,
    upload bigint NOT NULL,
    size bigint NOT NULL
);


--
-- Name: records; Type: TABLE; Schema: sk_v4_fixture; Owner: -
--

CREATE TABLE sk_v4_fixture.records (
    kind text NOT NULL,
    id text NOT NULL,
    seq bigint NOT NULL,
    data jsonb NOT NULL,
    keys jsonb DEFAULT '{}'::jsonb NOT NULL
);


--
-- Name: records_seq_seq; Type: SEQUENCE; Schema: sk_v4_fixture; Owner: -
--

CREATE SEQUENCE sk_v4_fixture.records_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: records_seq_seq; Type: SEQUENCE OWNED BY; Schema: sk_v4_fixture; Owner: -
--

ALTER SEQUENCE sk_v4_fixture.records_seq_seq OWNED BY sk_v4_fixture.records.seq;


--
-- Name: schema_version; Type: TABLE; Schema: sk_v4_fixture; Owner: -
--

CREATE TABLE sk_v4_fixture.schema_version (
    version integer NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: ticket_events; Type: TABLE; Schema: sk_v4_fixture; Owner: -
--

CREATE TABLE sk_v4_fixture.ticket_events (
    id text NOT NULL,
    seq integer NOT NULL,
    event jsonb NOT NULL
);


--
-- Name: ticket_heads; Type: TABLE; Schema: sk_v4_fixture; Owner: -
--

CREATE TABLE sk_v4_fixture.ticket_heads (
    id text NOT NULL,
    head jsonb NOT NULL
);


--
-- Name: ticket_ids; Type: SEQUENCE; Schema: sk_v4_fixture; Owner: -
--

CREATE SEQUENCE sk_v4_fixture.ticket_ids
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: ticket_words; Type: TABLE; Schema: sk_v4_fixture; Owner: -
--

CREATE TABLE sk_v4_fixture.ticket_words (
    id text NOT NULL,
    chunk integer NOT NULL,
    words tsvector NOT NULL
);
ALTER TABLE ONLY sk_v4_fixture.ticket_words ALTER COLUMN words SET STATISTICS 1000;


--
-- Name: tickets; Type: TABLE; Schema: sk_v4_fixture; Owner: -
--

CREATE TABLE sk_v4_fixture.tickets (
    id text NOT NULL,
    id_num bigint NOT NULL,
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
    subject text NOT NULL,
    severity_int bigint,
    severity_text text,
    support_group text,
    awaiting_information boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    message_count integer NOT NULL,
    public_message_count integer NOT NULL,
    event_count integer NOT NULL,
    requester_side text NOT NULL,
    words_chunk integer NOT NULL,
    words_fill integer NOT NULL,
    words_split boolean NOT NULL,
    CONSTRAINT tickets_version_check CHECK ((version >= 1))
);


--
-- Name: records seq; Type: DEFAULT; Schema: sk_v4_fixture; Owner: -
--

ALTER TABLE ONLY sk_v4_fixture.records ALTER COLUMN seq SET DEFAULT nextval('sk_v4_fixture.records_seq_seq'::regclass);


--
-- Data for Name: blob_chunks; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.blob_chunks VALUES (1, 0, '\x89504e4720636f6d70616e79206c6f676f');
INSERT INTO sk_v4_fixture.blob_chunks VALUES (2, 0, '\x6f6e65');


--
-- Data for Name: blobs; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.blobs VALUES ('04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73', 1, 17);
INSERT INTO sk_v4_fixture.blobs VALUES ('7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed', 2, 3);


--
-- Data for Name: records; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.records VALUES ('blob_ref', '04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73:1', 3, '{"sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73", "ticket": "1"}', '{"sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73"}');
INSERT INTO sk_v4_fixture.records VALUES ('blob_ref', '7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed:1', 4, '{"sha256": "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed", "ticket": "1"}', '{"sha256": "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '1/1/*support', 5, '{"at": "2026-03-02T09:00:00+00:00", "id": "1/1/*support", "link": null, "text": null, "actor": "alice", "email": null, "event": "opened", "state": "pending", "status": "open", "sent_at": null, "subject": "logo and log", "version": 1, "recipient": null, "ticket_id": "1", "in_reply_to": null, "recipient_side": "support"}', '{"state": "pending", "ticket": "1"}');
INSERT INTO sk_v4_fixture.records VALUES ('blob_ref', '04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73:2', 7, '{"sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73", "ticket": "2"}', '{"sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '2/1/*support', 8, '{"at": "2026-03-02T09:00:00+00:00", "id": "2/1/*support", "link": null, "text": null, "actor": "bob", "email": null, "event": "opened", "state": "pending", "status": "open", "sent_at": null, "subject": "logo", "version": 1, "recipient": null, "ticket_id": "2", "in_reply_to": null, "recipient_side": "support"}', '{"state": "pending", "ticket": "2"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '3/1/*support', 11, '{"at": "2026-03-02T09:00:00+00:00", "id": "3/1/*support", "link": null, "text": null, "actor": "alice", "email": null, "event": "opened", "state": "pending", "status": "open", "sent_at": null, "subject": "own log", "version": 1, "recipient": null, "ticket_id": "3", "in_reply_to": null, "recipient_side": "support"}', '{"state": "pending", "ticket": "3"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '4/1/*support', 14, '{"at": "2026-03-02T09:00:00+00:00", "id": "4/1/*support", "link": null, "text": null, "actor": "bob", "email": null, "event": "opened", "state": "pending", "status": "open", "sent_at": null, "subject": "logo again", "version": 1, "recipient": null, "ticket_id": "4", "in_reply_to": null, "recipient_side": "support"}', '{"state": "pending", "ticket": "4"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '3/2/alice', 15, '{"at": "2026-03-02T09:00:00+00:00", "id": "3/2/alice", "link": null, "text": null, "actor": "agent-7", "email": null, "event": "closed", "state": "pending", "status": "closed", "sent_at": null, "subject": "own log", "version": 2, "recipient": "alice", "ticket_id": "3", "in_reply_to": null, "recipient_side": "customer"}', '{"state": "pending", "ticket": "3"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '4/2/bob', 16, '{"at": "2026-03-02T09:00:00+00:00", "id": "4/2/bob", "link": null, "text": null, "actor": "agent-7", "email": null, "event": "closed", "state": "pending", "status": "closed", "sent_at": null, "subject": "logo again", "version": 2, "recipient": "bob", "ticket_id": "4", "in_reply_to": null, "recipient_side": "customer"}', '{"state": "pending", "ticket": "4"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '3/3/alice', 17, '{"at": "2026-03-05T09:00:00+00:00", "id": "3/3/alice", "link": null, "text": null, "actor": "system", "email": null, "event": "purged", "state": "pending", "status": "closed", "sent_at": null, "subject": "own log", "version": 3, "recipient": "alice", "ticket_id": "3", "in_reply_to": null, "recipient_side": "customer"}', '{"state": "pending", "ticket": "3"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '3/3/*support', 18, '{"at": "2026-03-05T09:00:00+00:00", "id": "3/3/*support", "link": null, "text": null, "actor": "system", "email": null, "event": "purged", "state": "pending", "status": "closed", "sent_at": null, "subject": "own log", "version": 3, "recipient": null, "ticket_id": "3", "in_reply_to": null, "recipient_side": "support"}', '{"state": "pending", "ticket": "3"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '4/3/bob', 19, '{"at": "2026-03-05T09:00:00+00:00", "id": "4/3/bob", "link": null, "text": null, "actor": "system", "email": null, "event": "purged", "state": "pending", "status": "closed", "sent_at": null, "subject": "logo again", "version": 3, "recipient": "bob", "ticket_id": "4", "in_reply_to": null, "recipient_side": "customer"}', '{"state": "pending", "ticket": "4"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '4/3/*support', 20, '{"at": "2026-03-05T09:00:00+00:00", "id": "4/3/*support", "link": null, "text": null, "actor": "system", "email": null, "event": "purged", "state": "pending", "status": "closed", "sent_at": null, "subject": "logo again", "version": 3, "recipient": null, "ticket_id": "4", "in_reply_to": null, "recipient_side": "support"}', '{"state": "pending", "ticket": "4"}');
INSERT INTO sk_v4_fixture.records VALUES ('blob_ref', '04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73:5', 24, '{"sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73", "ticket": "5"}', '{"sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '5/1/*support', 25, '{"at": "2026-03-05T09:00:00+00:00", "id": "5/1/*support", "link": null, "text": null, "actor": "alice", "email": null, "event": "opened", "state": "pending", "status": "open", "sent_at": null, "subject": "after the run", "version": 1, "recipient": null, "ticket_id": "5", "in_reply_to": null, "recipient_side": "support"}', '{"state": "pending", "ticket": "5"}');
INSERT INTO sk_v4_fixture.records VALUES ('blob_ref', 'odd', 26, '{"before": true}', '{"sha256": "ef"}');


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.schema_version VALUES (1, '2026-12-06 12:10:55.96041+00');
INSERT INTO sk_v4_fixture.schema_version VALUES (2, '2026-12-06 12:10:55.96041+00');
INSERT INTO sk_v4_fixture.schema_version VALUES (3, '2026-12-06 12:10:55.96041+00');
INSERT INTO sk_v4_fixture.schema_version VALUES (4, '2026-12-06 12:10:55.96041+00');


--
-- Data for Name: ticket_events; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.ticket_events VALUES ('1', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "channel": "web", "subject": "logo and log", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "see both", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 17, "purged": false, "sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73", "filename": "logo.png", "content_type": null}, {"kind": "attachment", "size": 3, "purged": false, "sha256": "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed", "filename": "own.log", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('2', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "channel": "web", "subject": "logo", "severity": 3}, "kind": "opened", "actor": {"id": "bob", "side": "customer", "roles": [], "company": null}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "see the logo", "side": "customer", "author": "bob", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 17, "purged": false, "sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73", "filename": "logo.png", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('3', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "channel": "web", "subject": "own log", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "see it", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 5, "purged": false, "sha256": "8b5b9db0c13db24256c829aa364aa90c6d2eba318b9232a4ab9313b954d3555f", "filename": "own.log", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('4', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "channel": "web", "subject": "logo again", "severity": 3}, "kind": "opened", "actor": {"id": "bob", "side": "customer", "roles": [], "company": null}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "the logo", "side": "customer", "author": "bob", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 17, "purged": false, "sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73", "filename": "logo.png", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('3', 2, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "closed"}, "kind": "closed", "actor": {"id": "agent-7", "side": "support", "roles": [], "company": null}, "message": null}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('4', 2, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "closed"}, "kind": "closed", "actor": {"id": "agent-7", "side": "support", "roles": [], "company": null}, "message": null}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('3', 3, '{"at": "2026-03-05T09:00:00+00:00", "data": {"keep": "1d", "rule": "retention: keep 1d after closing; private: attachment,raw_email; RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0;BYSECOND=0 Europe/Berlin", "bytes": 5, "purged": "8b5b9db0c13db24256c829aa364aa90c6d2eba318b9232a4ab9313b954d3555f", "run_at": "2026-03-05T09:00:00+00:00", "private": "attachment,raw_email"}, "kind": "purged", "actor": {"id": "system", "side": "system", "roles": [], "company": null}, "message": null}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('4', 3, '{"at": "2026-03-05T09:00:00+00:00", "data": {"keep": "1d", "rule": "retention: keep 1d after closing; private: attachment,raw_email; RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0;BYSECOND=0 Europe/Berlin", "bytes": 17, "purged": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73", "run_at": "2026-03-05T09:00:00+00:00", "private": "attachment,raw_email"}, "kind": "purged", "actor": {"id": "system", "side": "system", "roles": [], "company": null}, "message": null}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('5', 1, '{"at": "2026-03-05T09:00:00+00:00", "data": {"status": "open", "channel": "web", "subject": "after the run", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-05T09:00:00+00:00", "body": "the logo", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 17, "purged": false, "sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73", "filename": "logo.png", "content_type": null}]}}');


--
-- Data for Name: ticket_heads; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.ticket_heads VALUES ('1', '{"id": "1", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 17, "purged": false, "sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73", "filename": "logo.png"}, {"kind": "attachment", "size": 3, "purged": false, "sha256": "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed", "filename": "own.log"}], "fields": {}, "status": "open", "channel": "web", "subject": "logo and log", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('2', '{"id": "2", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 17, "purged": false, "sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73", "filename": "logo.png"}], "fields": {}, "status": "open", "channel": "web", "subject": "logo", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "bob", "side": "customer", "roles": [], "company": null}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('3', '{"id": "3", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 5, "purged": true, "sha256": "8b5b9db0c13db24256c829aa364aa90c6d2eba318b9232a4ab9313b954d3555f", "filename": "own.log"}], "fields": {}, "status": "closed", "channel": "web", "subject": "own log", "version": 3, "assignee": null, "category": null, "severity": 3, "closed_at": "2026-03-02T09:00:00+00:00", "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", "2026-03-02T09:00:00+00:00"]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-05T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 3, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('4', '{"id": "4", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 17, "purged": true, "sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73", "filename": "logo.png"}], "fields": {}, "status": "closed", "channel": "web", "subject": "logo again", "version": 3, "assignee": null, "category": null, "severity": 3, "closed_at": "2026-03-02T09:00:00+00:00", "requester": {"id": "bob", "side": "customer", "roles": [], "company": null}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", "2026-03-02T09:00:00+00:00"]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-05T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 3, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('5', '{"id": "5", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 17, "purged": false, "sha256": "04151878a9f77cf846071f3a9d45de0adb2e771b8b0ad2b2decacf60fc9bfb73", "filename": "logo.png"}], "fields": {}, "status": "open", "channel": "web", "subject": "after the run", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-05T09:00:00+00:00", null]], "created_at": "2026-03-05T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-05T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-05T09:00:00+00:00"}');


--
-- Data for Name: ticket_words; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.ticket_words VALUES ('1', -1, '''and'' ''both'' ''log'' ''logo'' ''see''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('2', -1, '''logo'' ''see'' ''the''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('3', -1, '''it'' ''log'' ''own'' ''see''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('4', -1, '''again'' ''logo'' ''the''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('5', -1, '''after'' ''logo'' ''run'' ''the''');


--
-- Data for Name: tickets; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.tickets VALUES ('1', 1, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'logo and log', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('2', 2, 1, 'open', 'bob', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'logo', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 3, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('3', 3, 3, 'closed', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'own log', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-05 09:00:00+00', 1, 1, 3, 'customer', -1, 4, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('4', 4, 3, 'closed', 'bob', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'logo again', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-05 09:00:00+00', 1, 1, 3, 'customer', -1, 3, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('5', 5, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'after the run', 3, NULL, NULL, false, '2026-03-05 09:00:00+00', '2026-03-05 09:00:00+00', 1, 1, 1, 'customer', -1, 4, false);


--
-- Name: blob_uploads; Type: SEQUENCE SET; Schema: sk_v4_fixture; Owner: -
--

SELECT pg_catalog.setval('sk_v4_fixture.blob_uploads', 6, true);


--
-- Name: records_seq_seq; Type: SEQUENCE SET; Schema: sk_v4_fixture; Owner: -
--

SELECT pg_catalog.setval('sk_v4_fixture.records_seq_seq', 26, true);


--
-- Name: ticket_ids; Type: SEQUENCE SET; Schema: sk_v4_fixture; Owner: -
--

SELECT pg_catalog.setval('sk_v4_fixture.ticket_ids', 5, true);


--
-- Name: blob_chunks blob_chunks_pkey; Type: CONSTRAINT; Schema: sk_v4_fixture; Owner: -
--

ALTER TABLE ONLY sk_v4_fixture.blob_chunks
    ADD CONSTRAINT blob_chunks_pkey PRIMARY KEY (upload, n);


--
-- Name: blobs blobs_pkey; Type: CONSTRAINT; Schema: sk_v4_fixture; Owner: -
--

ALTER TABLE ONLY sk_v4_fixture.blobs
    ADD CONSTRAINT blobs_pkey PRIMARY KEY (sha256);


--
-- Name: blobs blobs_upload_key; Type: CONSTRAINT; Schema: sk_v4_fixture; Owner: -
--

ALTER TABLE ONLY sk_v4_fixture.blobs
    ADD CONSTRAINT blobs_upload_key UNIQUE (upload);


--
-- Name: records records_pkey; Type: CONSTRAINT; Schema: sk_v4_fixture; Owner: -
--

ALTER TABLE ONLY sk_v4_fixture.records
    ADD CONSTRAINT records_pkey PRIMARY KEY (kind, id);


--
-- Name: records records_seq_key; Type: CONSTRAINT; Schema: sk_v4_fixture; Owner: -
--

ALTER TABLE ONLY sk_v4_fixture.records
    ADD CONSTRAINT records_seq_key UNIQUE (seq);


--
-- Name: schema_version schema_version_pkey; Type: CONSTRAINT; Schema: sk_v4_fixture; Owner: -
--

ALTER TABLE ONLY sk_v4_fixture.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);


--
-- Name: ticket_events ticket_events_pkey; Type: CONSTRAINT; Schema: sk_v4_fixture; Owner: -
--

ALTER TABLE ONLY sk_v4_fixture.ticket_events
    ADD CONSTRAINT ticket_events_pkey PRIMARY KEY (id, seq);


--
-- Name: ticket_heads ticket_heads_pkey; Type: CONSTRAINT; Schema: sk_v4_fixture; Owner: -
--

ALTER TABLE ONLY sk_v4_fixture.ticket_heads
    ADD CONSTRAINT ticket_heads_pkey PRIMARY KEY (id);


--
-- Name: ticket_words ticket_words_pkey; Type: CONSTRAINT; Schema: sk_v4_fixture; Owner: -
--

ALTER TABLE ONLY sk_v4_fixture.ticket_words
    ADD CONSTRAINT ticket_words_pkey PRIMARY KEY (id, chunk);


--
-- Name: tickets tickets_pkey; Type: CONSTRAINT; Schema: sk_v4_fixture; Owner: -
--

ALTER TABLE ONLY sk_v4_fixture.tickets
    ADD CONSTRAINT tickets_pkey PRIMARY KEY (id);


--
-- Name: records_keys; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX records_keys ON sk_v4_fixture.records USING gin (keys jsonb_path_ops);


--
-- Name: records_kind_seq; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX records_kind_seq ON sk_v4_fixture.records USING btree (kind, seq);


--
-- Name: ticket_words_order; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX ticket_words_order ON sk_v4_fixture.ticket_words USING btree ((
CASE
    WHEN (id ~ '^(0|[1-9][0-9]{0,17})$'::text) THEN (id)::bigint
    ELSE '1000000000000000000'::bigint
END), id COLLATE "C");


--
-- Name: ticket_words_words; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX ticket_words_words ON sk_v4_fixture.ticket_words USING gin (words);


--
-- Name: tickets_addressed_to; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_addressed_to ON sk_v4_fixture.tickets USING btree (addressed_to, id_num, id COLLATE "C");


--
-- Name: tickets_assignee; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_assignee ON sk_v4_fixture.tickets USING btree (assignee, id_num, id COLLATE "C");


--
-- Name: tickets_category; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_category ON sk_v4_fixture.tickets USING btree (category, id_num, id COLLATE "C");


--
-- Name: tickets_company; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_company ON sk_v4_fixture.tickets USING btree (company, id_num, id COLLATE "C");


--
-- Name: tickets_escalation_eligible_at; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_escalation_eligible_at ON sk_v4_fixture.tickets USING btree (escalation_eligible_at, id_num, id COLLATE "C") WHERE (escalation_eligible_at IS NOT NULL);


--
-- Name: tickets_eta; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_eta ON sk_v4_fixture.tickets USING btree (eta, id_num, id COLLATE "C") WHERE (eta IS NOT NULL);


--
-- Name: tickets_first_response_due; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_first_response_due ON sk_v4_fixture.tickets USING btree (first_response_due, id_num, id COLLATE "C") WHERE (first_response_due IS NOT NULL);


--
-- Name: tickets_next_update_due; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_next_update_due ON sk_v4_fixture.tickets USING btree (next_update_due, id_num, id COLLATE "C") WHERE (next_update_due IS NOT NULL);


--
-- Name: tickets_order; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_order ON sk_v4_fixture.tickets USING btree (id_num, id COLLATE "C");


--
-- Name: tickets_requester; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_requester ON sk_v4_fixture.tickets USING btree (requester, id_num, id COLLATE "C");


--
-- Name: tickets_resolution_due; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_resolution_due ON sk_v4_fixture.tickets USING btree (resolution_due, id_num, id COLLATE "C") WHERE (resolution_due IS NOT NULL);


--
-- Name: tickets_retention_due; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_retention_due ON sk_v4_fixture.tickets USING btree (retention_due, id_num, id COLLATE "C") WHERE (retention_due IS NOT NULL);


--
-- Name: tickets_status; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_status ON sk_v4_fixture.tickets USING btree (status, id_num, id COLLATE "C");


--
-- Name: tickets_words_split; Type: INDEX; Schema: sk_v4_fixture; Owner: -
--

CREATE INDEX tickets_words_split ON sk_v4_fixture.tickets USING btree (id) WHERE words_split;


--
-- PostgreSQL database dump complete
--



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



--
-- Data for Name: blobs; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--



--
-- Data for Name: records; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.records VALUES ('outbox', '1/1/*support', 3, '{"at": "2026-03-02T09:00:00+00:00", "id": "1/1/*support", "link": null, "text": null, "actor": "alice", "email": null, "event": "opened", "state": "pending", "status": "open", "sent_at": null, "subject": "Mail is down", "version": 1, "recipient": null, "ticket_id": "1", "in_reply_to": null, "recipient_side": "support"}', '{"state": "pending", "ticket": "1"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '2/1/*support', 4, '{"at": "2026-03-02T09:00:00+00:00", "id": "2/1/*support", "link": null, "text": null, "actor": "bob", "email": null, "event": "opened", "state": "pending", "status": "open", "sent_at": null, "subject": "Panel login", "version": 1, "recipient": null, "ticket_id": "2", "in_reply_to": null, "recipient_side": "support"}', '{"state": "pending", "ticket": "2"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '3/1/*support', 5, '{"at": "2026-03-02T09:00:00+00:00", "id": "3/1/*support", "link": null, "text": null, "actor": "alice", "email": null, "event": "opened", "state": "pending", "status": "open", "sent_at": null, "subject": "Über-slow webmail", "version": 1, "recipient": null, "ticket_id": "3", "in_reply_to": null, "recipient_side": "support"}', '{"state": "pending", "ticket": "3"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '1/2/alice', 6, '{"at": "2026-03-02T09:05:00+00:00", "id": "1/2/alice", "link": null, "text": null, "actor": "agent-7", "email": null, "event": "replied", "state": "pending", "status": "open", "sent_at": null, "subject": "Mail is down", "version": 2, "recipient": "alice", "ticket_id": "1", "in_reply_to": null, "recipient_side": "customer"}', '{"state": "pending", "ticket": "1"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '2/3/bob', 7, '{"at": "2026-03-02T09:05:00+00:00", "id": "2/3/bob", "link": null, "text": null, "actor": "agent-7", "email": null, "event": "replied", "state": "pending", "status": "open", "sent_at": null, "subject": "Panel login fails after upgrade", "version": 3, "recipient": "bob", "ticket_id": "2", "in_reply_to": null, "recipient_side": "customer"}', '{"state": "pending", "ticket": "2"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '1/4/alice', 8, '{"at": "2026-03-02T09:05:00+00:00", "id": "1/4/alice", "link": null, "text": null, "actor": "agent-7", "email": null, "event": "solved", "state": "pending", "status": "solved", "sent_at": null, "subject": "Mail is down", "version": 4, "recipient": "alice", "ticket_id": "1", "in_reply_to": null, "recipient_side": "customer"}', '{"state": "pending", "ticket": "1"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '1/5/*support', 9, '{"at": "2026-03-02T09:05:00+00:00", "id": "1/5/*support", "link": null, "text": null, "actor": "alice", "email": null, "event": "confirmed", "state": "pending", "status": "closed", "sent_at": null, "subject": "Mail is down", "version": 5, "recipient": null, "ticket_id": "1", "in_reply_to": null, "recipient_side": "support"}', '{"state": "pending", "ticket": "1"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '1/6/alice', 10, '{"at": "2026-03-05T09:05:00+00:00", "id": "1/6/alice", "link": null, "text": null, "actor": "system", "email": null, "event": "purged", "state": "pending", "status": "closed", "sent_at": null, "subject": "Mail is down", "version": 6, "recipient": "alice", "ticket_id": "1", "in_reply_to": null, "recipient_side": "customer"}', '{"state": "pending", "ticket": "1"}');
INSERT INTO sk_v4_fixture.records VALUES ('outbox', '1/6/*support', 11, '{"at": "2026-03-05T09:05:00+00:00", "id": "1/6/*support", "link": null, "text": null, "actor": "system", "email": null, "event": "purged", "state": "pending", "status": "closed", "sent_at": null, "subject": "Mail is down", "version": 6, "recipient": null, "ticket_id": "1", "in_reply_to": null, "recipient_side": "support"}', '{"state": "pending", "ticket": "1"}');


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.schema_version VALUES (1, '2026-12-06 11:56:28.974087+00');
INSERT INTO sk_v4_fixture.schema_version VALUES (2, '2026-12-06 11:56:28.974087+00');
INSERT INTO sk_v4_fixture.schema_version VALUES (3, '2026-12-06 11:56:28.974087+00');
INSERT INTO sk_v4_fixture.schema_version VALUES (4, '2026-12-06 11:56:28.974087+00');


--
-- Data for Name: ticket_events; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.ticket_events VALUES ('1', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "channel": "web", "subject": "Mail is down", "category": "mail", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "Since 09:00 no mail: MX timeout", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 500, "purged": false, "sha256": "c38c2bf3055c516a98ac5d97f30e7c364e827bc0199e1c3415b794afbe55dcad", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('2', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "channel": "web", "subject": "Panel login", "severity": 3}, "kind": "opened", "actor": {"id": "bob", "side": "customer", "roles": [], "company": "beta"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "Cannot log in to the mailbox panel", "side": "customer", "author": "bob", "channel": "web", "internal": false, "attachments": []}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('3', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "channel": "web", "subject": "Über-slow webmail", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "Webmail takes 30 s per page", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": []}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('1', 2, '{"at": "2026-03-02T09:05:00+00:00", "data": {"status": "open"}, "kind": "replied", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": {"at": "2026-03-02T09:05:00+00:00", "body": "Looking into the MX records now", "side": "support", "author": "agent-7", "channel": "web", "internal": false, "attachments": []}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('1', 3, '{"at": "2026-03-02T09:05:00+00:00", "data": {"status": "open"}, "kind": "noted", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": {"at": "2026-03-02T09:05:00+00:00", "body": "secretword internal only", "side": "support", "author": "agent-7", "channel": "internal", "internal": true, "attachments": []}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('2', 2, '{"at": "2026-03-02T09:05:00+00:00", "data": {"status": "open", "subject": "Panel login fails after upgrade", "previous": "Panel login"}, "kind": "retitled", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": null}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('2', 3, '{"at": "2026-03-02T09:05:00+00:00", "data": {"status": "open"}, "kind": "replied", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": {"at": "2026-03-02T09:05:00+00:00", "body": "Fixed the session cookie of the mailer", "side": "support", "author": "agent-7", "channel": "web", "internal": false, "attachments": []}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('1', 4, '{"at": "2026-03-02T09:05:00+00:00", "data": {"status": "solved"}, "kind": "solved", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": null}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('1', 5, '{"at": "2026-03-02T09:05:00+00:00", "data": {"status": "closed"}, "kind": "confirmed", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": null}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('1', 6, '{"at": "2026-03-05T09:05:00+00:00", "data": {"keep": "1d", "rule": "retention: keep 1d after closing; private: attachment,raw_email; RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0;BYSECOND=0 Europe/Berlin", "bytes": 500, "purged": "c38c2bf3055c516a98ac5d97f30e7c364e827bc0199e1c3415b794afbe55dcad", "run_at": "2026-03-05T09:05:00+00:00", "private": "attachment,raw_email"}, "kind": "purged", "actor": {"id": "system", "side": "system", "roles": [], "company": null}, "message": null}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('x-nul', 1, '{"$escaped": {"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "NUL  subject", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "ab mailq", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('abc', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "webmail quota", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('10', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 10 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler010", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('11', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 11 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler011", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('12', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 12 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler012", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('13', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 13 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler013", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('14', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 14 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler014", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('15', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 15 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler015", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('16', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 16 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler016", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('17', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 17 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler017", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('18', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 18 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler018", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('19', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 19 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler019", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('20', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 20 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler020", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('21', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 21 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler021", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('22', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 22 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler022", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('23', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 23 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler023", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('24', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 24 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler024", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('25', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 25 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler025", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('26', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 26 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler026", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('27', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 27 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler027", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('28', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 28 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler028", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('29', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 29 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler029", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('30', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 30 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler030", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('31', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 31 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler031", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('32', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 32 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler032", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('33', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 33 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler033", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('34', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 34 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler034", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('35', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 35 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler035", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('36', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 36 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler036", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('37', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 37 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler037", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('38', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 38 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler038", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('39', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "bulk 39 dns", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "mailrelay filler039", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('50', 1, '{"at": "2026-03-02T09:00:00+00:00", "data": {"status": "open", "subject": "long thread mail", "severity": 3}, "kind": "opened", "actor": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "message": {"at": "2026-03-02T09:00:00+00:00", "body": "filler000 filler001 filler002 filler003 filler004 filler005 filler006 filler007 filler008 filler009 filler010 filler011 filler012 filler013 filler014 filler015 filler016 filler017 filler018 filler019 filler020 filler021 filler022 filler023 filler024 filler025 filler026 filler027 filler028 filler029 filler030 filler031 filler032 filler033 filler034 filler035 filler036 filler037 filler038 filler039 filler040 filler041 filler042 filler043 filler044 filler045 filler046 filler047 filler048 filler049 filler050 filler051 filler052 filler053 filler054 filler055 filler056 filler057 filler058 filler059 filler060 filler061 filler062 filler063 filler064 filler065 filler066 filler067 filler068 filler069 filler070 filler071 filler072 filler073 filler074 filler075 filler076 filler077 filler078 filler079 filler080 filler081 filler082 filler083 filler084 filler085 filler086 filler087 filler088 filler089 filler090 filler091 filler092 filler093 filler094 filler095 filler096 filler097 filler098 filler099 filler100 filler101 filler102 filler103 filler104 filler105 filler106 filler107 filler108 filler109 filler110 filler111 filler112 filler113 filler114 filler115 filler116 filler117 filler118 filler119 filler120 filler121 filler122 filler123 filler124 filler125 filler126 filler127 filler128 filler129 filler130 filler131 filler132 filler133 filler134 filler135 filler136 filler137 filler138 filler139 filler140 filler141 filler142 filler143 filler144 filler145 filler146 filler147 filler148 filler149 filler150 filler151 filler152 filler153 filler154 filler155 filler156 filler157 filler158 filler159 filler160 filler161 filler162 filler163 filler164 filler165 filler166 filler167 filler168 filler169 filler170 filler171 filler172 filler173 filler174 filler175 filler176 filler177 filler178 filler179 filler180 filler181 filler182 filler183 filler184 filler185 filler186 filler187 filler188 filler189 filler190 filler191 filler192 filler193 filler194 filler195 filler196 filler197 filler198 filler199 filler200 filler201 filler202 filler203 filler204 filler205 filler206 filler207 filler208 filler209 filler210 filler211 filler212 filler213 filler214 filler215 filler216 filler217 filler218 filler219 filler220 filler221 filler222 filler223 filler224 filler225 filler226 filler227 filler228 filler229 filler230 filler231 filler232 filler233 filler234 filler235 filler236 filler237 filler238 filler239 filler240 filler241 filler242 filler243 filler244 filler245 filler246 filler247 filler248 filler249 filler250 filler251 filler252 filler253 filler254 filler255 filler256 filler257 filler258 filler259 filler260 filler261 filler262 filler263 filler264 filler265 filler266 filler267 filler268 filler269 filler270 filler271 filler272 filler273 filler274 filler275 filler276 filler277 filler278 filler279 filler280 filler281 filler282 filler283 filler284 filler285 filler286 filler287 filler288 filler289 filler290 filler291 filler292 filler293 filler294 filler295 filler296 filler297 filler298 filler299", "side": "customer", "author": "alice", "channel": "web", "internal": false, "attachments": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt", "content_type": null}]}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('50', 2, '{"at": "2026-03-06T09:00:00+00:00", "data": {}, "kind": "replied", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": {"at": "2026-03-06T09:00:00+00:00", "body": "filler001 filler299 webmail again", "side": "support", "author": "agent-7", "channel": "web", "internal": false, "attachments": []}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('abc', 2, '{"at": "2026-03-06T09:01:00+00:00", "data": {}, "kind": "replied", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": {"at": "2026-03-06T09:01:00+00:00", "body": "w0x000 w0x001 w0x002 w0x003 w0x004 w0x005 w0x006 w0x007 w0x008 w0x009 w0x010 w0x011 w0x012 w0x013 w0x014 w0x015 w0x016 w0x017 w0x018 w0x019 w0x020 w0x021 w0x022 w0x023 w0x024 w0x025 w0x026 w0x027 w0x028 w0x029 w0x030 w0x031 w0x032 w0x033 w0x034 w0x035 w0x036 w0x037 w0x038 w0x039 w0x040 w0x041 w0x042 w0x043 w0x044 w0x045 w0x046 w0x047 w0x048 w0x049 w0x050 w0x051 w0x052 w0x053 w0x054 w0x055 w0x056 w0x057 w0x058 w0x059 w0x060 w0x061 w0x062 w0x063 w0x064 w0x065 w0x066 w0x067 w0x068 w0x069 w0x070 w0x071 w0x072 w0x073 w0x074 w0x075 w0x076 w0x077 w0x078 w0x079 w0x080 w0x081 w0x082 w0x083 w0x084 w0x085 w0x086 w0x087 w0x088 w0x089 w0x090 w0x091 w0x092 w0x093 w0x094 w0x095 w0x096 w0x097 w0x098 w0x099 w0x100 w0x101 w0x102 w0x103 w0x104 w0x105 w0x106 w0x107 w0x108 w0x109 w0x110 w0x111 w0x112 w0x113 w0x114 w0x115 w0x116 w0x117 w0x118 w0x119 w0x120 w0x121 w0x122 w0x123 w0x124 w0x125 w0x126 w0x127 w0x128 w0x129 w0x130 w0x131 w0x132 w0x133 w0x134 w0x135 w0x136 w0x137 w0x138 w0x139 w0x140 w0x141 w0x142 w0x143 w0x144 w0x145 w0x146 w0x147 w0x148 w0x149 w0x150 w0x151 w0x152 w0x153 w0x154 w0x155 w0x156 w0x157 w0x158 w0x159 w0x160 w0x161 w0x162 w0x163 w0x164 w0x165 w0x166 w0x167 w0x168 w0x169 w0x170 w0x171 w0x172 w0x173 w0x174 w0x175 w0x176 w0x177 w0x178 w0x179 w0x180 w0x181 w0x182 w0x183 w0x184 w0x185 w0x186 w0x187 w0x188 w0x189 w0x190 w0x191 w0x192 w0x193 w0x194 w0x195 w0x196 w0x197 w0x198 w0x199", "side": "support", "author": "agent-7", "channel": "web", "internal": false, "attachments": []}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('abc', 3, '{"at": "2026-03-06T09:02:00+00:00", "data": {}, "kind": "replied", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": {"at": "2026-03-06T09:02:00+00:00", "body": "w1x000 w1x001 w1x002 w1x003 w1x004 w1x005 w1x006 w1x007 w1x008 w1x009 w1x010 w1x011 w1x012 w1x013 w1x014 w1x015 w1x016 w1x017 w1x018 w1x019 w1x020 w1x021 w1x022 w1x023 w1x024 w1x025 w1x026 w1x027 w1x028 w1x029 w1x030 w1x031 w1x032 w1x033 w1x034 w1x035 w1x036 w1x037 w1x038 w1x039 w1x040 w1x041 w1x042 w1x043 w1x044 w1x045 w1x046 w1x047 w1x048 w1x049 w1x050 w1x051 w1x052 w1x053 w1x054 w1x055 w1x056 w1x057 w1x058 w1x059 w1x060 w1x061 w1x062 w1x063 w1x064 w1x065 w1x066 w1x067 w1x068 w1x069 w1x070 w1x071 w1x072 w1x073 w1x074 w1x075 w1x076 w1x077 w1x078 w1x079 w1x080 w1x081 w1x082 w1x083 w1x084 w1x085 w1x086 w1x087 w1x088 w1x089 w1x090 w1x091 w1x092 w1x093 w1x094 w1x095 w1x096 w1x097 w1x098 w1x099 w1x100 w1x101 w1x102 w1x103 w1x104 w1x105 w1x106 w1x107 w1x108 w1x109 w1x110 w1x111 w1x112 w1x113 w1x114 w1x115 w1x116 w1x117 w1x118 w1x119 w1x120 w1x121 w1x122 w1x123 w1x124 w1x125 w1x126 w1x127 w1x128 w1x129 w1x130 w1x131 w1x132 w1x133 w1x134 w1x135 w1x136 w1x137 w1x138 w1x139 w1x140 w1x141 w1x142 w1x143 w1x144 w1x145 w1x146 w1x147 w1x148 w1x149 w1x150 w1x151 w1x152 w1x153 w1x154 w1x155 w1x156 w1x157 w1x158 w1x159 w1x160 w1x161 w1x162 w1x163 w1x164 w1x165 w1x166 w1x167 w1x168 w1x169 w1x170 w1x171 w1x172 w1x173 w1x174 w1x175 w1x176 w1x177 w1x178 w1x179 w1x180 w1x181 w1x182 w1x183 w1x184 w1x185 w1x186 w1x187 w1x188 w1x189 w1x190 w1x191 w1x192 w1x193 w1x194 w1x195 w1x196 w1x197 w1x198 w1x199", "side": "support", "author": "agent-7", "channel": "web", "internal": false, "attachments": []}}');
INSERT INTO sk_v4_fixture.ticket_events VALUES ('abc', 4, '{"at": "2026-03-06T09:03:00+00:00", "data": {}, "kind": "replied", "actor": {"id": "agent-7", "side": "support", "roles": ["shift-manager"], "company": null}, "message": {"at": "2026-03-06T09:03:00+00:00", "body": "w2x000 w2x001 w2x002 w2x003 w2x004 w2x005 w2x006 w2x007 w2x008 w2x009 w2x010 w2x011 w2x012 w2x013 w2x014 w2x015 w2x016 w2x017 w2x018 w2x019 w2x020 w2x021 w2x022 w2x023 w2x024 w2x025 w2x026 w2x027 w2x028 w2x029 w2x030 w2x031 w2x032 w2x033 w2x034 w2x035 w2x036 w2x037 w2x038 w2x039 w2x040 w2x041 w2x042 w2x043 w2x044 w2x045 w2x046 w2x047 w2x048 w2x049 w2x050 w2x051 w2x052 w2x053 w2x054 w2x055 w2x056 w2x057 w2x058 w2x059 w2x060 w2x061 w2x062 w2x063 w2x064 w2x065 w2x066 w2x067 w2x068 w2x069 w2x070 w2x071 w2x072 w2x073 w2x074 w2x075 w2x076 w2x077 w2x078 w2x079 w2x080 w2x081 w2x082 w2x083 w2x084 w2x085 w2x086 w2x087 w2x088 w2x089 w2x090 w2x091 w2x092 w2x093 w2x094 w2x095 w2x096 w2x097 w2x098 w2x099 w2x100 w2x101 w2x102 w2x103 w2x104 w2x105 w2x106 w2x107 w2x108 w2x109 w2x110 w2x111 w2x112 w2x113 w2x114 w2x115 w2x116 w2x117 w2x118 w2x119 w2x120 w2x121 w2x122 w2x123 w2x124 w2x125 w2x126 w2x127 w2x128 w2x129 w2x130 w2x131 w2x132 w2x133 w2x134 w2x135 w2x136 w2x137 w2x138 w2x139 w2x140 w2x141 w2x142 w2x143 w2x144 w2x145 w2x146 w2x147 w2x148 w2x149 w2x150 w2x151 w2x152 w2x153 w2x154 w2x155 w2x156 w2x157 w2x158 w2x159 w2x160 w2x161 w2x162 w2x163 w2x164 w2x165 w2x166 w2x167 w2x168 w2x169 w2x170 w2x171 w2x172 w2x173 w2x174 w2x175 w2x176 w2x177 w2x178 w2x179 w2x180 w2x181 w2x182 w2x183 w2x184 w2x185 w2x186 w2x187 w2x188 w2x189 w2x190 w2x191 w2x192 w2x193 w2x194 w2x195 w2x196 w2x197 w2x198 w2x199", "side": "support", "author": "agent-7", "channel": "web", "internal": false, "attachments": []}}');


--
-- Data for Name: ticket_heads; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.ticket_heads VALUES ('3', '{"id": "3", "eta": null, "etas": [], "refs": [], "fields": {}, "status": "open", "channel": "web", "subject": "Über-slow webmail", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('x-nul', '{"$escaped": {"id": "x-nul", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "NUL  subject", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('10', '{"id": "10", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 10 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('2', '{"id": "2", "eta": null, "etas": [], "refs": [], "fields": {}, "status": "open", "channel": "web", "subject": "Panel login fails after upgrade", "version": 3, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "bob", "side": "customer", "roles": [], "company": "beta"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:05:00+00:00", "archived_at": null, "contract_id": null, "event_count": 3, "addressed_to": null, "follow_up_of": null, "message_count": 2, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": "2026-03-02T09:05:00+00:00", "first_response_due": null, "awaiting_information": false, "public_message_count": 2, "last_support_reply_at": "2026-03-02T09:05:00+00:00", "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('1', '{"id": "1", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 500, "purged": true, "sha256": "c38c2bf3055c516a98ac5d97f30e7c364e827bc0199e1c3415b794afbe55dcad", "filename": "log.txt"}], "fields": {}, "status": "closed", "channel": "web", "subject": "Mail is down", "version": 6, "assignee": null, "category": "mail", "severity": 3, "closed_at": "2026-03-02T09:05:00+00:00", "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": "2026-03-02T09:05:00+00:00", "stretches": [["2026-03-02T09:00:00+00:00", "2026-03-02T09:05:00+00:00"]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-05T09:05:00+00:00", "archived_at": null, "contract_id": null, "event_count": 6, "addressed_to": null, "follow_up_of": null, "message_count": 3, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": "2026-03-02T09:05:00+00:00", "first_response_due": null, "awaiting_information": false, "public_message_count": 2, "last_support_reply_at": "2026-03-02T09:05:00+00:00", "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('11', '{"id": "11", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 11 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('12', '{"id": "12", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 12 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('13', '{"id": "13", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 13 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('14', '{"id": "14", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 14 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('15', '{"id": "15", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 15 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('16', '{"id": "16", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 16 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('17', '{"id": "17", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 17 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('18', '{"id": "18", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 18 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('19', '{"id": "19", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 19 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('20', '{"id": "20", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 20 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('21', '{"id": "21", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 21 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('22', '{"id": "22", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 22 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('23', '{"id": "23", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 23 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('24', '{"id": "24", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 24 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('25', '{"id": "25", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 25 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('26', '{"id": "26", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 26 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('27', '{"id": "27", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 27 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('28', '{"id": "28", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 28 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('29', '{"id": "29", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 29 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('30', '{"id": "30", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 30 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('31', '{"id": "31", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 31 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('32', '{"id": "32", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 32 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('33', '{"id": "33", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 33 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('34', '{"id": "34", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 34 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('35', '{"id": "35", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 35 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('36', '{"id": "36", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 36 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('37', '{"id": "37", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 37 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('38', '{"id": "38", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 38 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('39', '{"id": "39", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "bulk 39 dns", "version": 1, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-02T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 1, "addressed_to": null, "follow_up_of": null, "message_count": 1, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": null, "first_response_due": null, "awaiting_information": false, "public_message_count": 1, "last_support_reply_at": null, "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('50', '{"id": "50", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "long thread mail", "version": 2, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-06T09:00:00+00:00", "archived_at": null, "contract_id": null, "event_count": 2, "addressed_to": null, "follow_up_of": null, "message_count": 2, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": "2026-03-06T09:00:00+00:00", "first_response_due": null, "awaiting_information": false, "public_message_count": 2, "last_support_reply_at": "2026-03-06T09:00:00+00:00", "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');
INSERT INTO sk_v4_fixture.ticket_heads VALUES ('abc', '{"id": "abc", "eta": null, "etas": [], "refs": [{"kind": "attachment", "size": 3, "purged": false, "sha256": "836ff184e7b41b1e13cb5fd89fa1de98dbbab99e9d2918913ff43b86a5c7c213", "filename": "log.txt"}], "fields": {}, "status": "open", "channel": "web", "subject": "webmail quota", "version": 4, "assignee": null, "category": null, "severity": 3, "closed_at": null, "requester": {"id": "alice", "side": "customer", "roles": [], "company": "acme"}, "solved_at": null, "stretches": [["2026-03-02T09:00:00+00:00", null]], "created_at": "2026-03-02T09:00:00+00:00", "eta_set_at": null, "updated_at": "2026-03-06T09:03:00+00:00", "archived_at": null, "contract_id": null, "event_count": 4, "addressed_to": null, "follow_up_of": null, "message_count": 4, "retention_due": null, "service_level": null, "support_group": null, "resolution_due": null, "next_update_due": null, "first_response_at": "2026-03-06T09:01:00+00:00", "first_response_due": null, "awaiting_information": false, "public_message_count": 4, "last_support_reply_at": "2026-03-06T09:03:00+00:00", "escalation_eligible_at": null, "last_customer_reply_at": "2026-03-02T09:00:00+00:00"}');


--
-- Data for Name: ticket_words; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.ticket_words VALUES ('3', -1, '''30'' ''page'' ''per'' ''s'' ''slow'' ''takes'' ''webmail'' ''über''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('1', -1, '''00'' ''09'' ''down'' ''into'' ''is'' ''looking'' ''mail'' ''mx'' ''no'' ''now'' ''records'' ''since'' ''the'' ''timeout''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('2', -1, '''after'' ''cannot'' ''cookie'' ''fails'' ''fixed'' ''in'' ''log'' ''login'' ''mailbox'' ''mailer'' ''of'' ''panel'' ''session'' ''the'' ''to'' ''upgrade''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('x-nul', -1, '''a'' ''b'' ''mailq'' ''nul'' ''subject''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('10', -1, '''10'' ''bulk'' ''dns'' ''filler010'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('11', -1, '''11'' ''bulk'' ''dns'' ''filler011'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('12', -1, '''12'' ''bulk'' ''dns'' ''filler012'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('13', -1, '''13'' ''bulk'' ''dns'' ''filler013'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('14', -1, '''14'' ''bulk'' ''dns'' ''filler014'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('15', -1, '''15'' ''bulk'' ''dns'' ''filler015'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('16', -1, '''16'' ''bulk'' ''dns'' ''filler016'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('17', -1, '''17'' ''bulk'' ''dns'' ''filler017'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('18', -1, '''18'' ''bulk'' ''dns'' ''filler018'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('19', -1, '''19'' ''bulk'' ''dns'' ''filler019'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('20', -1, '''20'' ''bulk'' ''dns'' ''filler020'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('21', -1, '''21'' ''bulk'' ''dns'' ''filler021'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('22', -1, '''22'' ''bulk'' ''dns'' ''filler022'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('23', -1, '''23'' ''bulk'' ''dns'' ''filler023'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('24', -1, '''24'' ''bulk'' ''dns'' ''filler024'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('25', -1, '''25'' ''bulk'' ''dns'' ''filler025'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('26', -1, '''26'' ''bulk'' ''dns'' ''filler026'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('27', -1, '''27'' ''bulk'' ''dns'' ''filler027'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('28', -1, '''28'' ''bulk'' ''dns'' ''filler028'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('29', -1, '''29'' ''bulk'' ''dns'' ''filler029'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('30', -1, '''30'' ''bulk'' ''dns'' ''filler030'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('31', -1, '''31'' ''bulk'' ''dns'' ''filler031'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('32', -1, '''32'' ''bulk'' ''dns'' ''filler032'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('33', -1, '''33'' ''bulk'' ''dns'' ''filler033'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('34', -1, '''34'' ''bulk'' ''dns'' ''filler034'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('35', -1, '''35'' ''bulk'' ''dns'' ''filler035'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('36', -1, '''36'' ''bulk'' ''dns'' ''filler036'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('37', -1, '''37'' ''bulk'' ''dns'' ''filler037'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('38', -1, '''38'' ''bulk'' ''dns'' ''filler038'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('39', -1, '''39'' ''bulk'' ''dns'' ''filler039'' ''mailrelay''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('50', -1, '''filler000'' ''filler001'' ''filler002'' ''filler003'' ''filler004'' ''filler005'' ''filler006'' ''filler007'' ''filler008'' ''filler009'' ''filler010'' ''filler011'' ''filler012'' ''filler013'' ''filler014'' ''filler015'' ''filler016'' ''filler017'' ''filler018'' ''filler019'' ''filler020'' ''filler021'' ''filler022'' ''filler023'' ''filler024'' ''filler025'' ''filler026'' ''filler027'' ''filler028'' ''filler029'' ''filler030'' ''filler031'' ''filler032'' ''filler033'' ''filler034'' ''filler035'' ''filler036'' ''filler037'' ''filler038'' ''filler039'' ''filler040'' ''filler041'' ''filler042'' ''filler043'' ''filler044'' ''filler045'' ''filler046'' ''filler047'' ''filler048'' ''filler049'' ''filler050'' ''filler051'' ''filler052'' ''filler053'' ''filler054'' ''filler055'' ''filler056'' ''filler057'' ''filler058'' ''filler059'' ''filler060'' ''filler061'' ''filler062'' ''filler063'' ''filler064'' ''filler065'' ''filler066'' ''filler067'' ''filler068'' ''filler069'' ''filler070'' ''filler071'' ''filler072'' ''filler073'' ''filler074'' ''filler075'' ''filler076'' ''filler077'' ''filler078'' ''filler079'' ''filler080'' ''filler081'' ''filler082'' ''filler083'' ''filler084'' ''filler085'' ''filler086'' ''filler087'' ''filler088'' ''filler089'' ''filler090'' ''filler091'' ''filler092'' ''filler093'' ''filler094'' ''filler095'' ''filler096'' ''filler097'' ''filler098'' ''filler099'' ''filler100'' ''filler101'' ''filler102'' ''filler103'' ''filler104'' ''filler105'' ''filler106'' ''filler107'' ''filler108'' ''filler109'' ''filler110'' ''filler111'' ''filler112'' ''filler113'' ''filler114'' ''filler115'' ''filler116'' ''filler117'' ''filler118'' ''filler119'' ''filler120'' ''filler121'' ''filler122'' ''filler123'' ''filler124'' ''filler125'' ''filler126'' ''filler127'' ''filler128'' ''filler129'' ''filler130'' ''filler131'' ''filler132'' ''filler133'' ''filler134'' ''filler135'' ''filler136'' ''filler137'' ''filler138'' ''filler139'' ''filler140'' ''filler141'' ''filler142'' ''filler143'' ''filler144'' ''filler145'' ''filler146'' ''filler147'' ''filler148'' ''filler149'' ''filler150'' ''filler151'' ''filler152'' ''filler153'' ''filler154'' ''filler155'' ''filler156'' ''filler157'' ''filler158'' ''filler159'' ''filler160'' ''filler161'' ''filler162'' ''filler163'' ''filler164'' ''filler165'' ''filler166'' ''filler167'' ''filler168'' ''filler169'' ''filler170'' ''filler171'' ''filler172'' ''filler173'' ''filler174'' ''filler175'' ''filler176'' ''filler177'' ''filler178'' ''filler179'' ''filler180'' ''filler181'' ''filler182'' ''filler183'' ''filler184'' ''filler185'' ''filler186'' ''filler187'' ''filler188'' ''filler189'' ''filler190'' ''filler191'' ''filler192'' ''filler193'' ''filler194'' ''filler195'' ''filler196'' ''filler197'' ''filler198'' ''filler199'' ''filler200'' ''filler201'' ''filler202'' ''filler203'' ''filler204'' ''filler205'' ''filler206'' ''filler207'' ''filler208'' ''filler209'' ''filler210'' ''filler211'' ''filler212'' ''filler213'' ''filler214'' ''filler215'' ''filler216'' ''filler217'' ''filler218'' ''filler219'' ''filler220'' ''filler221'' ''filler222'' ''filler223'' ''filler224'' ''filler225'' ''filler226'' ''filler227'' ''filler228'' ''filler229'' ''filler230'' ''filler231'' ''filler232'' ''filler233'' ''filler234'' ''filler235'' ''filler236'' ''filler237'' ''filler238'' ''filler239'' ''filler240'' ''filler241'' ''filler242'' ''filler243'' ''filler244'' ''filler245'' ''filler246'' ''filler247'' ''filler248'' ''filler249'' ''filler250'' ''filler251'' ''filler252'' ''filler253'' ''filler254'' ''filler255''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('50', -2, '''again'' ''filler001'' ''filler256'' ''filler257'' ''filler258'' ''filler259'' ''filler260'' ''filler261'' ''filler262'' ''filler263'' ''filler264'' ''filler265'' ''filler266'' ''filler267'' ''filler268'' ''filler269'' ''filler270'' ''filler271'' ''filler272'' ''filler273'' ''filler274'' ''filler275'' ''filler276'' ''filler277'' ''filler278'' ''filler279'' ''filler280'' ''filler281'' ''filler282'' ''filler283'' ''filler284'' ''filler285'' ''filler286'' ''filler287'' ''filler288'' ''filler289'' ''filler290'' ''filler291'' ''filler292'' ''filler293'' ''filler294'' ''filler295'' ''filler296'' ''filler297'' ''filler298'' ''filler299'' ''long'' ''mail'' ''thread'' ''webmail''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('abc', -1, '''#1d449b72b7ac00c6e9216dbe864b74df78120af186f6f2097cc29f9ee5198a3f'' ''quota'' ''w0x000'' ''w0x001'' ''w0x002'' ''w0x003'' ''w0x004'' ''w0x005'' ''w0x006'' ''w0x007'' ''w0x008'' ''w0x009'' ''w0x010'' ''w0x011'' ''w0x012'' ''w0x013'' ''w0x014'' ''w0x015'' ''w0x016'' ''w0x017'' ''w0x018'' ''w0x019'' ''w0x020'' ''w0x021'' ''w0x022'' ''w0x023'' ''w0x024'' ''w0x025'' ''w0x026'' ''w0x027'' ''w0x028'' ''w0x029'' ''w0x030'' ''w0x031'' ''w0x032'' ''w0x033'' ''w0x034'' ''w0x035'' ''w0x036'' ''w0x037'' ''w0x038'' ''w0x039'' ''w0x040'' ''w0x041'' ''w0x042'' ''w0x043'' ''w0x044'' ''w0x045'' ''w0x046'' ''w0x047'' ''w0x048'' ''w0x049'' ''w0x050'' ''w0x051'' ''w0x052'' ''w0x053'' ''w0x054'' ''w0x055'' ''w0x056'' ''w0x057'' ''w0x058'' ''w0x059'' ''w0x060'' ''w0x061'' ''w0x062'' ''w0x063'' ''w0x064'' ''w0x065'' ''w0x066'' ''w0x067'' ''w0x068'' ''w0x069'' ''w0x070'' ''w0x071'' ''w0x072'' ''w0x073'' ''w0x074'' ''w0x075'' ''w0x076'' ''w0x077'' ''w0x078'' ''w0x079'' ''w0x080'' ''w0x081'' ''w0x082'' ''w0x083'' ''w0x084'' ''w0x085'' ''w0x086'' ''w0x087'' ''w0x088'' ''w0x089'' ''w0x090'' ''w0x091'' ''w0x092'' ''w0x093'' ''w0x094'' ''w0x095'' ''w0x096'' ''w0x097'' ''w0x098'' ''w0x099'' ''w0x100'' ''w0x101'' ''w0x102'' ''w0x103'' ''w0x104'' ''w0x105'' ''w0x106'' ''w0x107'' ''w0x108'' ''w0x109'' ''w0x110'' ''w0x111'' ''w0x112'' ''w0x113'' ''w0x114'' ''w0x115'' ''w0x116'' ''w0x117'' ''w0x118'' ''w0x119'' ''w0x120'' ''w0x121'' ''w0x122'' ''w0x123'' ''w0x124'' ''w0x125'' ''w0x126'' ''w0x127'' ''w0x128'' ''w0x129'' ''w0x130'' ''w0x131'' ''w0x132'' ''w0x133'' ''w0x134'' ''w0x135'' ''w0x136'' ''w0x137'' ''w0x138'' ''w0x139'' ''w0x140'' ''w0x141'' ''w0x142'' ''w0x143'' ''w0x144'' ''w0x145'' ''w0x146'' ''w0x147'' ''w0x148'' ''w0x149'' ''w0x150'' ''w0x151'' ''w0x152'' ''w0x153'' ''w0x154'' ''w0x155'' ''w0x156'' ''w0x157'' ''w0x158'' ''w0x159'' ''w0x160'' ''w0x161'' ''w0x162'' ''w0x163'' ''w0x164'' ''w0x165'' ''w0x166'' ''w0x167'' ''w0x168'' ''w0x169'' ''w0x170'' ''w0x171'' ''w0x172'' ''w0x173'' ''w0x174'' ''w0x175'' ''w0x176'' ''w0x177'' ''w0x178'' ''w0x179'' ''w0x180'' ''w0x181'' ''w0x182'' ''w0x183'' ''w0x184'' ''w0x185'' ''w0x186'' ''w0x187'' ''w0x188'' ''w0x189'' ''w0x190'' ''w0x191'' ''w0x192'' ''w0x193'' ''w0x194'' ''w0x195'' ''w0x196'' ''w0x197'' ''w0x198'' ''w0x199'' ''webmail'' ''xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('abc', 3000, '''w1x000'' ''w1x001'' ''w1x002'' ''w1x003'' ''w1x004'' ''w1x005'' ''w1x006'' ''w1x007'' ''w1x008'' ''w1x009'' ''w1x010'' ''w1x011'' ''w1x012'' ''w1x013'' ''w1x014'' ''w1x015'' ''w1x016'' ''w1x017'' ''w1x018'' ''w1x019'' ''w1x020'' ''w1x021'' ''w1x022'' ''w1x023'' ''w1x024'' ''w1x025'' ''w1x026'' ''w1x027'' ''w1x028'' ''w1x029'' ''w1x030'' ''w1x031'' ''w1x032'' ''w1x033'' ''w1x034'' ''w1x035'' ''w1x036'' ''w1x037'' ''w1x038'' ''w1x039'' ''w1x040'' ''w1x041'' ''w1x042'' ''w1x043'' ''w1x044'' ''w1x045'' ''w1x046'' ''w1x047'' ''w1x048'' ''w1x049'' ''w1x050'' ''w1x051'' ''w1x052'' ''w1x053'' ''w1x054'' ''w1x055'' ''w1x056'' ''w1x057'' ''w1x058'' ''w1x059'' ''w1x060'' ''w1x061'' ''w1x062'' ''w1x063'' ''w1x064'' ''w1x065'' ''w1x066'' ''w1x067'' ''w1x068'' ''w1x069'' ''w1x070'' ''w1x071'' ''w1x072'' ''w1x073'' ''w1x074'' ''w1x075'' ''w1x076'' ''w1x077'' ''w1x078'' ''w1x079'' ''w1x080'' ''w1x081'' ''w1x082'' ''w1x083'' ''w1x084'' ''w1x085'' ''w1x086'' ''w1x087'' ''w1x088'' ''w1x089'' ''w1x090'' ''w1x091'' ''w1x092'' ''w1x093'' ''w1x094'' ''w1x095'' ''w1x096'' ''w1x097'' ''w1x098'' ''w1x099'' ''w1x100'' ''w1x101'' ''w1x102'' ''w1x103'' ''w1x104'' ''w1x105'' ''w1x106'' ''w1x107'' ''w1x108'' ''w1x109'' ''w1x110'' ''w1x111'' ''w1x112'' ''w1x113'' ''w1x114'' ''w1x115'' ''w1x116'' ''w1x117'' ''w1x118'' ''w1x119'' ''w1x120'' ''w1x121'' ''w1x122'' ''w1x123'' ''w1x124'' ''w1x125'' ''w1x126'' ''w1x127'' ''w1x128'' ''w1x129'' ''w1x130'' ''w1x131'' ''w1x132'' ''w1x133'' ''w1x134'' ''w1x135'' ''w1x136'' ''w1x137'' ''w1x138'' ''w1x139'' ''w1x140'' ''w1x141'' ''w1x142'' ''w1x143'' ''w1x144'' ''w1x145'' ''w1x146'' ''w1x147'' ''w1x148'' ''w1x149'' ''w1x150'' ''w1x151'' ''w1x152'' ''w1x153'' ''w1x154'' ''w1x155'' ''w1x156'' ''w1x157'' ''w1x158'' ''w1x159'' ''w1x160'' ''w1x161'' ''w1x162'' ''w1x163'' ''w1x164'' ''w1x165'' ''w1x166'' ''w1x167'' ''w1x168'' ''w1x169'' ''w1x170'' ''w1x171'' ''w1x172'' ''w1x173'' ''w1x174'' ''w1x175'' ''w1x176'' ''w1x177'' ''w1x178'' ''w1x179'' ''w1x180'' ''w1x181'' ''w1x182'' ''w1x183'' ''w1x184'' ''w1x185'' ''w1x186'' ''w1x187'' ''w1x188'' ''w1x189'' ''w1x190'' ''w1x191'' ''w1x192'' ''w1x193'' ''w1x194'' ''w1x195'' ''w1x196'' ''w1x197'' ''w1x198'' ''w1x199''');
INSERT INTO sk_v4_fixture.ticket_words VALUES ('abc', 4000, '''w2x000'' ''w2x001'' ''w2x002'' ''w2x003'' ''w2x004'' ''w2x005'' ''w2x006'' ''w2x007'' ''w2x008'' ''w2x009'' ''w2x010'' ''w2x011'' ''w2x012'' ''w2x013'' ''w2x014'' ''w2x015'' ''w2x016'' ''w2x017'' ''w2x018'' ''w2x019'' ''w2x020'' ''w2x021'' ''w2x022'' ''w2x023'' ''w2x024'' ''w2x025'' ''w2x026'' ''w2x027'' ''w2x028'' ''w2x029'' ''w2x030'' ''w2x031'' ''w2x032'' ''w2x033'' ''w2x034'' ''w2x035'' ''w2x036'' ''w2x037'' ''w2x038'' ''w2x039'' ''w2x040'' ''w2x041'' ''w2x042'' ''w2x043'' ''w2x044'' ''w2x045'' ''w2x046'' ''w2x047'' ''w2x048'' ''w2x049'' ''w2x050'' ''w2x051'' ''w2x052'' ''w2x053'' ''w2x054'' ''w2x055'' ''w2x056'' ''w2x057'' ''w2x058'' ''w2x059'' ''w2x060'' ''w2x061'' ''w2x062'' ''w2x063'' ''w2x064'' ''w2x065'' ''w2x066'' ''w2x067'' ''w2x068'' ''w2x069'' ''w2x070'' ''w2x071'' ''w2x072'' ''w2x073'' ''w2x074'' ''w2x075'' ''w2x076'' ''w2x077'' ''w2x078'' ''w2x079'' ''w2x080'' ''w2x081'' ''w2x082'' ''w2x083'' ''w2x084'' ''w2x085'' ''w2x086'' ''w2x087'' ''w2x088'' ''w2x089'' ''w2x090'' ''w2x091'' ''w2x092'' ''w2x093'' ''w2x094'' ''w2x095'' ''w2x096'' ''w2x097'' ''w2x098'' ''w2x099'' ''w2x100'' ''w2x101'' ''w2x102'' ''w2x103'' ''w2x104'' ''w2x105'' ''w2x106'' ''w2x107'' ''w2x108'' ''w2x109'' ''w2x110'' ''w2x111'' ''w2x112'' ''w2x113'' ''w2x114'' ''w2x115'' ''w2x116'' ''w2x117'' ''w2x118'' ''w2x119'' ''w2x120'' ''w2x121'' ''w2x122'' ''w2x123'' ''w2x124'' ''w2x125'' ''w2x126'' ''w2x127'' ''w2x128'' ''w2x129'' ''w2x130'' ''w2x131'' ''w2x132'' ''w2x133'' ''w2x134'' ''w2x135'' ''w2x136'' ''w2x137'' ''w2x138'' ''w2x139'' ''w2x140'' ''w2x141'' ''w2x142'' ''w2x143'' ''w2x144'' ''w2x145'' ''w2x146'' ''w2x147'' ''w2x148'' ''w2x149'' ''w2x150'' ''w2x151'' ''w2x152'' ''w2x153'' ''w2x154'' ''w2x155'' ''w2x156'' ''w2x157'' ''w2x158'' ''w2x159'' ''w2x160'' ''w2x161'' ''w2x162'' ''w2x163'' ''w2x164'' ''w2x165'' ''w2x166'' ''w2x167'' ''w2x168'' ''w2x169'' ''w2x170'' ''w2x171'' ''w2x172'' ''w2x173'' ''w2x174'' ''w2x175'' ''w2x176'' ''w2x177'' ''w2x178'' ''w2x179'' ''w2x180'' ''w2x181'' ''w2x182'' ''w2x183'' ''w2x184'' ''w2x185'' ''w2x186'' ''w2x187'' ''w2x188'' ''w2x189'' ''w2x190'' ''w2x191'' ''w2x192'' ''w2x193'' ''w2x194'' ''w2x195'' ''w2x196'' ''w2x197'' ''w2x198'' ''w2x199''');


--
-- Data for Name: tickets; Type: TABLE DATA; Schema: sk_v4_fixture; Owner: -
--

INSERT INTO sk_v4_fixture.tickets VALUES ('3', 3, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'Über-slow webmail', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 8, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('abc', 1000000000000000000, 4, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'webmail quota', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-06 09:03:00+00', 4, 4, 4, 'customer', 4000, 200, true);
INSERT INTO sk_v4_fixture.tickets VALUES ('2', 2, 3, 'open', 'bob', 'beta', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'Panel login fails after upgrade', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:05:00+00', 2, 2, 3, 'customer', -1, 19, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('1', 1, 6, 'closed', 'alice', 'acme', NULL, 'mail', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'Mail is down', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-05 09:05:00+00', 3, 2, 6, 'customer', -1, 15, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('x-nul', 1000000000000000000, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'NUL  subject', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('10', 10, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 10 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('11', 11, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 11 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('12', 12, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 12 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('13', 13, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 13 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('14', 14, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 14 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('15', 15, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 15 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('16', 16, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 16 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('17', 17, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 17 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('18', 18, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 18 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('19', 19, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 19 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('20', 20, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 20 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('21', 21, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 21 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('22', 22, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 22 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('23', 23, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 23 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('24', 24, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 24 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('25', 25, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 25 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('26', 26, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 26 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('27', 27, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 27 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('28', 28, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 28 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('29', 29, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 29 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('30', 30, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 30 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('31', 31, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 31 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('32', 32, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 32 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('33', 33, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 33 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('34', 34, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 34 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('35', 35, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 35 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('36', 36, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 36 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('37', 37, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 37 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('38', 38, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 38 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('39', 39, 1, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bulk 39 dns', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-02 09:00:00+00', 1, 1, 1, 'customer', -1, 5, false);
INSERT INTO sk_v4_fixture.tickets VALUES ('50', 50, 2, 'open', 'alice', 'acme', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'long thread mail', 3, NULL, NULL, false, '2026-03-02 09:00:00+00', '2026-03-06 09:00:00+00', 2, 2, 2, 'customer', -2, 51, true);


--
-- Name: blob_uploads; Type: SEQUENCE SET; Schema: sk_v4_fixture; Owner: -
--

SELECT pg_catalog.setval('sk_v4_fixture.blob_uploads', 1, true);


--
-- Name: records_seq_seq; Type: SEQUENCE SET; Schema: sk_v4_fixture; Owner: -
--

SELECT pg_catalog.setval('sk_v4_fixture.records_seq_seq', 12, true);


--
-- Name: ticket_ids; Type: SEQUENCE SET; Schema: sk_v4_fixture; Owner: -
--

SELECT pg_catalog.setval('sk_v4_fixture.ticket_ids', 50, true);


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



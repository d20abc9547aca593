package sonde.recorder.sink.kafka;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What is a refusal (an error that ends the recording) and what an outage (waited out), and how reasons read. */
class KafkaClientsTest {
    @Test
    void credentialsAndPermissionsAreRefusalsAndTimeoutsAreNot() {
        assertTrue(KafkaClients.refusal(new ExecutionException(new SaslAuthenticationException("bad password"))));
        assertTrue(KafkaClients.refusal(new TopicAuthorizationException("not allowed")));
        assertFalse(KafkaClients.refusal(new ExecutionException(new TimeoutException("timed out"))));
        assertFalse(KafkaClients.refusal(new java.io.IOException("connection refused")));
    }

    @Test
    void aReasonIsNeverEmptyOrNull() {
        assertEquals("timed out", KafkaClients.reason(new TimeoutException((String) null)));
        assertEquals("timed out", KafkaClients.reason(new TimeoutException(" ")));
        assertEquals("first line", KafkaClients.reason(new TimeoutException("first line\nsecond")));
        assertEquals("unknown", KafkaClients.reason(null));
    }
}

package dev.parley.bench.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WrkResultTest {
    static final String STDOUT = """
            Running 3s test @ http://127.0.0.1:8080
              1 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    47.20ms   20.00ms 312.41ms   90.00%
              1812 requests in 3.00s, 2.10MB read
              Non-2xx or 3xx responses: 7
            Requests/sec:    604.00
            Transfer/sec:    716.00KB
            PARLEY_WRK {"requests":1812,"durationMicros":3000000,"bytes":2202009,"errors":{"connect":1,"read":2,"write":0,"status":7,"timeout":3},"latencyMicros":{"p50":47200,"p99":204410,"p999":312410,"max":312500,"mean":49012.3}}
            """;

    @Test
    void readsTheDoneHooksLineAmongWrksOwnOutput() {
        WrkResult r = WrkResult.parse(STDOUT);
        assertThat(r.requests()).isEqualTo(1812);
        assertThat(r.throughput()).isEqualTo(604.0);
        assertThat(r.p50Micros()).isEqualTo(47200);
        assertThat(r.p99Micros()).isEqualTo(204410);
        assertThat(r.p999Micros()).isEqualTo(312410);
        assertThat(r.maxMicros()).isEqualTo(312500);
    }

    @Test
    void errorsAreSocketErrorsPlusStatusErrors() {
        WrkResult r = WrkResult.parse(STDOUT);
        assertThat(r.socketErrors()).isEqualTo(6);
        assertThat(r.statusErrors()).isEqualTo(7);
        assertThat(r.errors()).isEqualTo(13);
    }

    @Test
    void noResultLineIsAnError() {
        assertThatThrownBy(() -> WrkResult.parse("unable to connect to 127.0.0.1:1 Connection refused\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Connection refused");
    }
}

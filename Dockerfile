# The scientist-ages processor as a container image.
#
#   docker build -t scientist-ages .
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=HOST:PORT scientist-ages
#
# Settings come from the environment exactly as for `java -jar`: KAFKA_X_Y -> Kafka property
# x.y, AGES_X_Y -> ages.x.y. docker-compose.yml runs it next to a broker.

ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-noble

# ---- build: the same Maven build as on a developer's machine -----------------------------------
FROM ${BUILD_IMAGE} AS build
WORKDIR /build

# The processor module alone (-f: the parent's other modules are not needed). Its POMs first, so
# that the dependency download is a layer of its own, reused until a POM changes. No tests here
# (they and the format check ran in CI): -Dmaven.test.skip=true also leaves out the test kit, a
# module of the build that no repository holds.
COPY pom.xml ./
COPY processor/pom.xml ./processor/
RUN mvn -B -ntp -f processor/pom.xml -Dmaven.test.skip=true \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:go-offline

# The sources, the topic files and the topics' JSON Schemas (built into the jar).
COPY processor/src ./processor/src
COPY topics ./topics
COPY contracts ./contracts
RUN mvn -B -ntp -f processor/pom.xml package -Dmaven.test.skip=true -Dspotless.check.skip=true

# ---- runtime: a JRE, the processor's jar, a user that is not root -----------------------------------
FROM ${RUNTIME_IMAGE}

# curl for the health check (GET /health); nothing else is added to the JRE image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

# A system user of its own (the Ubuntu base already has uid 1000, "ubuntu").
RUN groupadd --system --gid 10001 ages \
    && useradd --system --uid 10001 --gid ages --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin ages

WORKDIR /app
COPY --from=build /build/processor/target/scientist-ages-processor.jar /app/scientist-ages-processor.jar

USER 10001:10001

# The HTTP endpoint (ages.http.port): GET /health, GET /ready. On every interface of the
# container (ages.http.host), for the health check, probes and Prometheus; loopback by default.
ENV AGES_HTTP_HOST=0.0.0.0
EXPOSE 8080

HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://localhost:8080/health || exit 1

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/scientist-ages-processor.jar"]
CMD ["run"]

package dev.vertx.elasticsearch.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The throw-away TLS material of an HTTPS cluster, made at start with the JDK's {@code keytool}: a self-signed node
 * certificate for {@code localhost} and {@code 127.0.0.1} (EC P-256, valid 30 days) and, with client authentication,
 * a self-signed client certificate. Key stores are PKCS#12; certificates are also written as PEM.
 */
final class HttpsMaterial {

    /** The password of both key stores (and of their keys): test material, not a secret. */
    static final String PASSWORD = "embedded-es";

    final Path nodeKeyStore;
    final Path nodeCertificate;
    final Path clientKeyStore;
    final Path clientCertificate;
    final boolean clientAuth;

    private HttpsMaterial(Path dir, boolean clientAuth) {
        this.nodeKeyStore = dir.resolve("node.p12");
        this.nodeCertificate = dir.resolve("node.pem");
        this.clientKeyStore = dir.resolve("client.p12");
        this.clientCertificate = dir.resolve("client.pem");
        this.clientAuth = clientAuth;
    }

    /**
     * @param dir where to write the files (created)
     * @param javaHome the JDK whose {@code keytool} makes the keys
     * @param clientAuth whether the node requires a client certificate
     */
    static HttpsMaterial create(Path dir, Path javaHome, boolean clientAuth) {
        HttpsMaterial m = new HttpsMaterial(dir, clientAuth);
        try {
            Files.createDirectories(dir);
            keytool(javaHome, m.nodeKeyStore, "node", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
            writePem(m.nodeKeyStore, "node", m.nodeCertificate);
            keytool(javaHome, m.clientKeyStore, "client", "CN=embedded-client", null);
            writePem(m.clientKeyStore, "client", m.clientCertificate);
        } catch (IOException | GeneralSecurityException e) {
            throw new EmbeddedElasticsearchException("Cannot make the TLS material in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedElasticsearchException("Interrupted while making the TLS material", e);
        }
        return m;
    }

    private static void keytool(Path javaHome, Path store, String alias, String dname, String san)
        throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("keytool").toString(),
            "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
            "-validity", "30", "-keystore", store.toString(), "-storetype", "PKCS12",
            "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (san != null) {
            cmd.add("-ext");
            cmd.add(san);
        }
        Files.deleteIfExists(store);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool failed: " + out.strip());
        }
    }

    private static void writePem(Path store, String alias, Path pem) throws IOException, GeneralSecurityException {
        Certificate cert = load(store).getCertificate(alias);
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(cert.getEncoded());
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n");
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    /** @return a context that trusts the node certificate and presents the client certificate */
    SSLContext clientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("node", load(nodeKeyStore).getCertificate("node"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(clientKeyStore), PASSWORD.toCharArray());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new EmbeddedElasticsearchException("Cannot read the TLS material", e);
        }
    }
}

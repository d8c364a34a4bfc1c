package dev.fountain.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"META-INF/BC1024KE.SF", "META-INF/BC1024KE.DSA", "META-INF/SIGNER.RSA", "META-INF/K.EC",
        "META-INF/signer.sf", "META-INF/SIG-SIGNER", "module-info.class", "META-INF/versions/9/module-info.class",
        "META-INF/MANIFEST.MF", "META-INF/INDEX.LIST"})
    void signaturesDescriptorsManifestsAndIndexesAreLeftOut(String name) {
        assertThat(EntryRules.isLeftOut(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"META-INF/native/libnetty_transport_native_epoll_x86_64.so", "app/module-info.class",
        "META-INF/versions/11/io/netty/Foo.class", "META-INF/maven/x/y/pom.xml", "META-INF/LICENSE",
        "META-INF/keys/KEY.RSA", "dev/fountain/app/Fountain.class"})
    void everythingElseIsKept(String name) {
        assertThat(EntryRules.isLeftOut(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"META-INF/services/com.google.inject.Module", "META-INF/services/dev.fountain.app.RouteTable"})
    void serviceFilesAreMerged(String name) {
        assertThat(EntryRules.isServiceFile(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"META-INF/services/", "META-INF/services/nested/File", "services/x.Y"})
    void otherEntriesAreNotServiceFiles(String name) {
        assertThat(EntryRules.isServiceFile(name)).isFalse();
    }
}

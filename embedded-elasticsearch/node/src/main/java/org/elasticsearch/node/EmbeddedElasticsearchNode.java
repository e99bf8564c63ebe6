package org.elasticsearch.node;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.vertx.elasticsearch.embedded.node.HttpsTransportPlugin;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.MockPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * A {@link Node} built without the bootstrap code (no security manager, no entitlements, no native checks) and with
 * its plugins loaded from the classpath. Lives in {@code org.elasticsearch.node} because the construction API it needs
 * is package private. Only the members that have the same signature in 8.19 and 9.x are used.
 */
public final class EmbeddedElasticsearchNode extends Node {

    private EmbeddedElasticsearchNode(NodeConstruction construction) {
        super(construction);
    }

    /**
     * Creates (but does not start) a node from its complete settings.
     *
     * @param settings the node's complete settings; {@code node.name} must be set
     * @return the node, not started
     */
    public static EmbeddedElasticsearchNode create(Settings settings) {
        String nodeName = settings.get("node.name", "node");
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> nodeName);
        Collection<Class<? extends Plugin>> plugins = HttpsTransportPlugin.isConfigured()
            ? List.of(Netty4Plugin.class, HttpsTransportPlugin.class) : List.of(Netty4Plugin.class);
        NodeServiceProvider provider = new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader pluginsLoader) {
                return new MockPluginsService(env.settings(), env, plugins);
            }
        };
        return new EmbeddedElasticsearchNode(NodeConstruction.prepareConstruction(environment, null, provider, true));
    }

    /**
     * Empty on purpose: the default implementation sets JVM-wide log4j state once ({@code SetOnce}), which fails for
     * the second node of the JVM and for a restarted node.
     */
    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
    }
}

// Run by verify.groovy with the runnable jar as class path (java's single-file launcher): Netty's
// native transport loads from the jar only if its library kept the exact name Netty looks for.
public class EpollCheck {
    public static void main(String[] args) throws Exception {
        Class<?> epoll = Class.forName("io.netty.channel.epoll.Epoll");
        System.out.println("epoll available: " + epoll.getMethod("isAvailable").invoke(null));
    }
}

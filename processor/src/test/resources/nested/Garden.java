package example;

import dev.fountain.Subscribe;

public class Garden {

    static class Fountain {

        @Subscribe("garden/fountain")
        void fountain(String payload) {
        }
    }

    public static class Pond {

        public static class Pump {

            @Subscribe("garden/pond/pump")
            void pump(boolean on) {
            }
        }
    }
}

package example;

import dev.fountain.Subscribe;

class Workers {

    @Subscribe(value = "jobs/+", qos = 1, group = "workers")
    void work(String job) {
    }

    @Subscribe(value = "jobs/+/cancel", group = "")
    void cancel(String job) {
    }
}

/* The test child's state, shared by a flavour's adapter and common/vq-commands.c. */
#ifndef VQ_COMMANDS_H
#define VQ_COMMANDS_H

#define TC_MAXVQS	4

struct test_child {
	struct virtio_softc	*vsc;
	struct virtqueue	vqs[TC_MAXVQS];
	int			nvqs;
};

int	vq_command(struct test_child *, const char *cmd, const jnode *args);
void	vq_rings(struct test_child *);
int	strcmp(const char *, const char *);

#endif

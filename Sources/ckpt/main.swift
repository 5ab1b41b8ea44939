import ArgumentParser
CKPT.main()
